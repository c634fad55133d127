package io.falcocorrelator.rules;

import io.falcocorrelator.correlate.ContextKeys;
import io.falcocorrelator.correlate.CorrelationSettings;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.yaml.Durations;
import io.falcocorrelator.yaml.Problems;
import io.falcocorrelator.yaml.YamlNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles the {@code settings:} block: correlation bounds and how the context key is built. */
final class SettingsCompiler {
  static final List<String> KEYS =
      List.of(
          "state_groups",
          "max_evidence_per_group",
          "max_contexts",
          "idle_timeout",
          "dedup_memory",
          "evidence_fields",
          "max_field_chars",
          "context");
  static final List<String> CONTEXT_KEYS = List.of("container_field", "extra_key_fields");

  record Result(CorrelationSettings settings, ContextKeys keys) {
    static Result defaults() {
      return new Result(CorrelationSettings.defaults(), ContextKeys.defaults());
    }
  }

  private final Problems problems;

  SettingsCompiler(Problems problems) {
    this.problems = problems;
  }

  Result compile(YamlNode node) {
    CorrelationSettings d = CorrelationSettings.defaults();
    Map<String, YamlNode> s = node.entries(problems, KEYS);
    Set<ActivityGroup> stateGroups =
        s.containsKey("state_groups") ? groups(s.get("state_groups")) : d.stateGroups();
    int maxEvidence = (int) intOr(s, "max_evidence_per_group", 1, 1000, d.maxEvidencePerGroup());
    int maxContexts = (int) intOr(s, "max_contexts", 1, 10_000_000, d.maxContexts());
    Duration idle =
        s.containsKey("idle_timeout")
            ? Durations.positive(s.get("idle_timeout"), problems).orElse(d.idleTimeout())
            : d.idleTimeout();
    int dedup = (int) intOr(s, "dedup_memory", 0, 100_000, d.dedupMemory());
    List<String> fields =
        s.containsKey("evidence_fields")
            ? s.get("evidence_fields").strings(problems)
            : d.evidenceFields();
    int maxChars = (int) intOr(s, "max_field_chars", 64, 1 << 20, d.maxFieldChars());
    ContextKeys keys = ContextKeys.defaults();
    if (s.containsKey("context")) {
      Map<String, YamlNode> c = s.get("context").entries(problems, CONTEXT_KEYS);
      String containerField =
          c.containsKey("container_field")
              ? c.get("container_field").nonBlank(problems).orElse("container.id")
              : "container.id";
      List<String> extra =
          c.containsKey("extra_key_fields")
              ? c.get("extra_key_fields").strings(problems)
              : List.of();
      keys = new ContextKeys(containerField, extra);
    }
    return new Result(
        new CorrelationSettings(
            stateGroups, maxEvidence, maxContexts, idle, dedup, fields, maxChars),
        keys);
  }

  private Set<ActivityGroup> groups(YamlNode node) {
    Set<ActivityGroup> out = EnumSet.noneOf(ActivityGroup.class);
    for (YamlNode item : node.items(problems, true)) {
      item.nonBlank(problems)
          .ifPresent(
              id ->
                  ActivityGroup.fromId(id)
                      .ifPresentOrElse(
                          out::add,
                          () ->
                              problems.add(
                                  item,
                                  "unknown group \""
                                      + id
                                      + "\" (groups: "
                                      + ActivityGroup.ids()
                                      + ")")));
    }
    return out;
  }

  private long intOr(Map<String, YamlNode> s, String key, long min, long max, long fallback) {
    return s.containsKey(key) ? s.get(key).integer(problems, min, max).orElse(fallback) : fallback;
  }
}
