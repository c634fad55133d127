package io.falcocorrelator.correlate;

import java.util.Objects;

/**
 * Descriptive metadata of a context, taken from the latest alert that carried it (the runtime
 * lookup may be late, so early alerts often have nulls). Empty strings mean unknown. Immutable.
 */
public final class ContextInfo {
  public static final ContextInfo UNKNOWN = new ContextInfo("", "", "", "");
  private final String containerName;
  private final String image;
  private final String k8sNamespace;
  private final String k8sPod;

  /**
   * Every value known: the correlator then stops reading alerts for them without reading the four
   * strings.
   */
  private final boolean complete;

  public ContextInfo(String containerName, String image, String k8sNamespace, String k8sPod) {
    this.containerName = Objects.requireNonNull(containerName);
    this.image = Objects.requireNonNull(image);
    this.k8sNamespace = Objects.requireNonNull(k8sNamespace);
    this.k8sPod = Objects.requireNonNull(k8sPod);
    this.complete =
        !containerName.isEmpty()
            && !image.isEmpty()
            && !k8sNamespace.isEmpty()
            && !k8sPod.isEmpty();
  }

  public String containerName() {
    return containerName;
  }

  public String image() {
    return image;
  }

  public String k8sNamespace() {
    return k8sNamespace;
  }

  public String k8sPod() {
    return k8sPod;
  }

  /** True when every value is known. */
  public boolean complete() {
    return complete;
  }

  /** This info with the known values of {@code newer} taking precedence. */
  public ContextInfo merge(ContextInfo newer) {
    ContextInfo merged =
        new ContextInfo(
            pick(newer.containerName, containerName), pick(newer.image, image),
            pick(newer.k8sNamespace, k8sNamespace), pick(newer.k8sPod, k8sPod));
    return merged.equals(this) ? this : merged;
  }

  private static String pick(String newer, String older) {
    return newer.isEmpty() ? older : newer;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContextInfo
        && containerName.equals(((ContextInfo) o).containerName)
        && image.equals(((ContextInfo) o).image)
        && k8sNamespace.equals(((ContextInfo) o).k8sNamespace)
        && k8sPod.equals(((ContextInfo) o).k8sPod);
  }

  @Override
  public int hashCode() {
    return Objects.hash(containerName, image, k8sNamespace, k8sPod);
  }

  @Override
  public String toString() {
    return "ContextInfo[containerName="
        + containerName
        + ", image="
        + image
        + ", k8sNamespace="
        + k8sNamespace
        + ", k8sPod="
        + k8sPod
        + "]";
  }
}
