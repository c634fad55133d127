package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.Evidence;
import io.falcocorrelator.event.FieldValues;
import java.math.BigInteger;
import java.util.Optional;

/** Text and values that several payload builders read off a composite and its evidence. */
public final class FindingText {
  private FindingText() {}

  /** The container's name, or its id when Falco gave no name. */
  public static String containerName(CompositeAlert a) {
    return a.info().containerName().isEmpty() ? a.key().containerId() : a.info().containerName();
  }

  /**
   * {@code Case (Severity) in container NAME (ID), pod NS/POD, on HOST}: one line, for titles and
   * messages.
   */
  public static String summary(CompositeAlert a) {
    StringBuilder sb =
        new StringBuilder(a.caseName())
            .append(" (")
            .append(a.severity().label())
            .append(") in container ")
            .append(containerName(a))
            .append(" (")
            .append(a.key().containerId())
            .append(')');
    if (!a.info().k8sPod().isEmpty()) {
      sb.append(", pod ").append(a.info().k8sNamespace()).append('/').append(a.info().k8sPod());
    }
    return sb.append(", on ").append(a.key().hostname()).toString().replaceAll("[\\r\\n]+", " ");
  }

  /** A non-empty text field of the evidence. */
  public static Optional<String> text(Evidence e, String name) {
    return Optional.ofNullable(e.fieldText(name)).filter(s -> !s.isEmpty());
  }

  /**
   * An integer field of the evidence (Falco sends numbers; older composites may hold their text).
   */
  public static Optional<Long> integer(Evidence e, String name) {
    Object v = e.fields().get(name);
    if (v instanceof Long) {
      return Optional.of((Long) v);
    }
    if (v instanceof BigInteger || v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(FieldValues.text(v)));
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
  }

  /**
   * A file path field: only absolute paths (Falco's {@code fd.name} is also a socket tuple or a
   * pipe).
   */
  public static Optional<String> path(Evidence e, String name) {
    return text(e, name).filter(p -> p.startsWith("/"));
  }

  /** The last path element: {@code esc.ko} of {@code /tmp/.x/esc.ko}. */
  public static String baseName(String path) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    int slash = p.lastIndexOf('/');
    return slash < 0 ? p : p.substring(slash + 1);
  }

  /** The image repository of {@code repo:tag} (a registry port is not a tag). */
  public static String imageRepository(String image) {
    int at = image.indexOf('@');
    String ref = at < 0 ? image : image.substring(0, at);
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
  }

  /** The tag of {@code repo:tag}, if any. */
  public static Optional<String> imageTag(String image) {
    int at = image.indexOf('@');
    String ref = at < 0 ? image : image.substring(0, at);
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/')
        ? Optional.of(ref.substring(colon + 1)).filter(t -> !t.isEmpty())
        : Optional.empty();
  }
}
