package io.falcocorrelator.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For tests of commands that print: each test's stdout and stderr, captured and restored. */
public abstract class CapturedStdio {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  protected String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  protected String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far, for a test that runs several commands. */
  protected void resetOutput() {
    out.reset();
    err.reset();
  }
}
