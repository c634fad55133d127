package io.falcocorrelator.live;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the live test: its stdout and stderr lines collected, its life bounded by
 * {@code timeout(1)} in the command itself (so it ends even if this JVM dies) and stopped by its
 * own PID.
 */
final class BoundedProcess implements AutoCloseable {
  final Process process;
  final List<String> out = new CopyOnWriteArrayList<>();
  final List<String> err = new CopyOnWriteArrayList<>();
  private final String name;
  private final List<Thread> readers = new CopyOnWriteArrayList<>();

  private BoundedProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    collect(process.getInputStream(), out);
    collect(process.getErrorStream(), err);
  }

  /** Starts {@code timeout -k 5 LIMIT command...}: TERM after the limit, KILL 5 s later. */
  static BoundedProcess start(
      String name, Duration limit, Map<String, String> env, List<String> command) throws Exception {
    List<String> bounded =
        new java.util.ArrayList<>(List.of("timeout", "-k", "5", Long.toString(limit.toSeconds())));
    bounded.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(bounded);
    pb.environment().putAll(env);
    return new BoundedProcess(name, pb.start());
  }

  /** Runs to the end (bounded) and returns the exit code. */
  static Result run(String name, Duration limit, Map<String, String> env, List<String> command)
      throws Exception {
    try (BoundedProcess p = start(name, limit, env, command)) {
      if (!p.process.waitFor(limit.toSeconds() + 10, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not end within " + limit);
      }
      p.drain();
      return new Result(p.process.exitValue(), String.join("\n", p.out), String.join("\n", p.err));
    }
  }

  record Result(int exitCode, String stdout, String stderr) {}

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Everything it printed so far, for failure messages. */
  String transcript() {
    return name
        + " (pid "
        + process.pid()
        + ")\nstdout:\n"
        + String.join("\n", tail(out))
        + "\nstderr:\n"
        + String.join("\n", tail(err));
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 40), lines.size());
  }

  /** The reader threads end with the streams: give them a moment after the exit. */
  private void drain() throws InterruptedException {
    for (Thread reader : readers) {
      reader.join(2_000);
    }
  }

  private void collect(InputStream in, List<String> sink) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  sink.add(l);
                }
              } catch (Exception ignored) {
                // the process ended
              }
            },
            "live-" + name);
    t.setDaemon(true);
    readers.add(t);
    t.start();
  }

  /** SIGTERM by PID, then SIGKILL if it has not ended within 15 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
