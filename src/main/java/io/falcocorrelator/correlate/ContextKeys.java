package io.falcocorrelator.correlate;

import io.falcocorrelator.event.FalcoAlert;
import java.util.List;
import java.util.Optional;

/**
 * Derives the execution context of an alert: {@code hostname} + {@code
 * output_fields["container.id"]} by default, plus the values of any extra key fields (for fleets
 * where node names repeat across clusters). Falco before 0.41 only printed the id in the text
 * ({@code container_id=...}), which is the fallback. Host processes ({@code container.id=host}) and
 * alerts without an id have no container context.
 */
public final class ContextKeys {
  public static final String HOST = "host";
  private final String containerField;
  private final List<String> extraKeyFields;

  public ContextKeys(String containerField, List<String> extraKeyFields) {
    this.containerField = containerField;
    this.extraKeyFields = List.copyOf(extraKeyFields);
  }

  public static ContextKeys defaults() {
    return new ContextKeys("container.id", List.of());
  }

  public Optional<ContextKey> of(FalcoAlert alert) {
    String id = alert.fieldText(containerField);
    if (id == null) {
      id = fromOutput(alert.output(), "container_id=");
    }
    if (id == null || id.isEmpty() || HOST.equals(id) || "<NA>".equals(id)) {
      return Optional.empty();
    }
    String scope = "";
    if (!extraKeyFields.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (String f : extraKeyFields) {
        String v = alert.fieldText(f);
        if (sb.length() > 0) {
          sb.append('|');
        }
        sb.append(v == null ? "" : v);
      }
      scope = sb.toString();
    }
    return Optional.of(new ContextKey(alert.hostname(), id, scope));
  }

  /** Why {@link #of} finds no context for the alert, in a user's words; empty when it finds one. */
  public Optional<String> whyNone(FalcoAlert alert) {
    if (of(alert).isPresent()) {
      return Optional.empty();
    }
    String id = alert.fieldText(containerField);
    if (id == null) {
      id = fromOutput(alert.output(), "container_id=");
    }
    if (HOST.equals(id)) {
      return Optional.of(
          containerField
              + " is \"host\": a host process, outside any container (counted, never correlated)");
    }
    return Optional.of(
        "no container id: output_fields has no "
            + containerField
            + (id == null ? "" : " value (\"" + id + "\")")
            + " and the output text no container_id=; add "
            + containerField
            + " to Falco's append_output (or the rule's output)");
  }

  /** Descriptive metadata carried by the alert; unknown values are empty. */
  public static ContextInfo info(FalcoAlert alert) {
    String name = alert.fieldText("container.name");
    if (name == null) {
      name = fromOutput(alert.output(), "container_name=");
    }
    String repo = alert.fieldText("container.image.repository");
    String tag = alert.fieldText("container.image.tag");
    String image =
        repo == null || repo.isEmpty()
            ? orEmpty(alert.fieldText("container.image"))
            : tag == null || tag.isEmpty() ? repo : repo + ":" + tag;
    return new ContextInfo(
        clean(name),
        image,
        clean(alert.fieldText("k8s.ns.name")),
        clean(alert.fieldText("k8s.pod.name")));
  }

  /** The value after {@code key} up to the next space, in Falco's "key=value" output text. */
  static String fromOutput(String output, String key) {
    int at = output.indexOf(key);
    while (at > 0 && output.charAt(at - 1) != ' ' && output.charAt(at - 1) != '(') {
      at = output.indexOf(key, at + 1);
    }
    if (at < 0) {
      return null;
    }
    int start = at + key.length();
    int end = start;
    while (end < output.length()
        && output.charAt(end) != ' '
        && output.charAt(end) != ')'
        && end - start < 128) {
      end++;
    }
    return output.substring(start, end);
  }

  private static String clean(String s) {
    return s == null || "<NA>".equals(s) ? "" : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
