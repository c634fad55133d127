package io.falcocorrelator.falcorules;

import java.util.Set;

/**
 * One {@code append_output} entry of a Falco config: the fields it adds to the output of the rules
 * it matches ({@code match.source}, {@code match.tags}, {@code match.rule}; all must hold).
 *
 * @param fields the {@code extra_fields} and the {@code %fields} of {@code extra_output}
 * @param suggested {@code suggested_output: true}: the container plugin's fields
 */
public record AppendOutput(
    String source, Set<String> tags, String rule, Set<String> fields, boolean suggested) {
  /** What the container plugin (Falco 0.41+) suggests to every syscall rule's output. */
  public static final Set<String> SUGGESTED_FIELDS =
      Set.of(
          "container.id",
          "container.name",
          "container.image.repository",
          "container.image.tag",
          "container.image",
          "k8s.ns.name",
          "k8s.pod.name",
          "k8s.pod.uid",
          "k8s.pod.labels");

  public AppendOutput {
    tags = Set.copyOf(tags);
    fields = Set.copyOf(fields);
  }

  public boolean applies(FalcoRule r) {
    return (source == null || source.equals(r.source()))
        && (rule == null || rule.equals(r.name()))
        && r.tags().containsAll(tags);
  }

  public boolean provides(String field) {
    return fields.contains(field) || suggested && SUGGESTED_FIELDS.contains(field);
  }
}
