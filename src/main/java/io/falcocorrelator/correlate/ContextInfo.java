package io.falcocorrelator.correlate;

/**
 * Descriptive metadata of a context, taken from the latest alert that carried it (the runtime
 * lookup may be late, so early alerts often have nulls). Empty strings mean unknown.
 */
public record ContextInfo(String containerName, String image, String k8sNamespace, String k8sPod) {
  public static final ContextInfo UNKNOWN = new ContextInfo("", "", "", "");

  /** This info with the known values of {@code newer} taking precedence. */
  public ContextInfo merge(ContextInfo newer) {
    ContextInfo merged = new ContextInfo(
        pick(newer.containerName, containerName), pick(newer.image, image),
        pick(newer.k8sNamespace, k8sNamespace), pick(newer.k8sPod, k8sPod));
    return merged.equals(this) ? this : merged;
  }

  private static String pick(String newer, String older) {
    return newer.isEmpty() ? older : newer;
  }
}
