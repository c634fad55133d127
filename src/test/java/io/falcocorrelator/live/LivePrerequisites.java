package io.falcocorrelator.live;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the live test needs on the machine, checked up front so that a missing part is named: root,
 * BPF with BTF, the Falco build and rules from {@code ../shared/falco-live/}, podman, runc and the
 * scenario image. {@code .ci/run} installs all of it.
 */
final class LivePrerequisites {
  static final String IMAGE = "localhost/local/escape-lab:1";

  /**
   * shared/falco-live beside the repository (CI), or beside its parent (a git worktree);
   * -Dshared.dir=DIR overrides.
   */
  static final Path SHARED = sharedDir().resolve("falco-live");

  static final List<String> TOOLS =
      List.of("falco", "podman", "runc", "conmon", "unshare", "timeout", "mount");

  private LivePrerequisites() {}

  private static Path sharedDir() {
    String set = System.getProperty("shared.dir");
    if (set != null) {
      return Path.of(set);
    }
    Path beside = Path.of("..", "shared");
    Path above = Path.of("..", "..", "shared");
    return !Files.isDirectory(beside) && Files.isDirectory(above) ? above : beside;
  }

  /** Fails under {@code CI=true} and skips elsewhere, with the list of what is missing. */
  static void requireOrSkip() {
    requireOrSkip(missing());
  }

  /** Only what offline validation needs: the falco binary and the shared stock rules. */
  static void requireFalcoOrSkip() {
    List<String> missing = new ArrayList<>(sharedFiles());
    if (onPath("falco") == null) {
      missing.add("falco on PATH");
    }
    requireOrSkip(missing);
  }

  /**
   * Something the checks could not see up front turned out to be missing: fail in CI, skip
   * elsewhere.
   */
  static void unavailable(List<String> missing) {
    requireOrSkip(missing);
  }

  private static void requireOrSkip(List<String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    String message =
        "live Falco test cannot run here, missing: "
            + String.join("; ", missing)
            + " (.ci/run installs them; see ../shared/falco-live/README.md)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  static List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return List.of("Linux (Falco's modern eBPF probe)");
    }
    if (!isRoot()) {
      missing.add("root (Falco loads BPF programs; podman --privileged)");
    }
    if (!Files.exists(Path.of("/sys/kernel/btf/vmlinux"))) {
      missing.add("kernel BTF at /sys/kernel/btf/vmlinux (modern eBPF)");
    }
    for (String tool : TOOLS) {
      if (onPath(tool) == null) {
        missing.add(tool + " on PATH");
      }
    }
    missing.addAll(sharedFiles());
    if (missing.isEmpty() && !imageExists()) {
      missing.add("podman image " + IMAGE + " (../shared/falco-live/build-escape-lab-image.sh)");
    }
    return missing;
  }

  private static List<String> sharedFiles() {
    List<String> missing = new ArrayList<>();
    for (String f :
        new String[] {
          "falco-0.40.0-default.yaml",
          "rules/falco_rules.yaml",
          "rules/falco-incubating_rules.yaml",
          "rules/falco-sandbox_rules.yaml"
        }) {
      if (!Files.isRegularFile(SHARED.resolve(f))) {
        missing.add(SHARED.resolve(f) + " (the shared Falco kit beside the repository)");
      }
    }
    return missing;
  }

  static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    } catch (Exception e) {
      return false;
    }
  }

  static Path onPath(String tool) {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : new String[] {"/usr/local/sbin", "/usr/sbin", "/sbin"}) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool);
      }
    }
    return null;
  }

  private static boolean imageExists() {
    try {
      Process p =
          new ProcessBuilder("podman", "image", "exists", IMAGE)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
