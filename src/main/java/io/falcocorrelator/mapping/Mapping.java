package io.falcocorrelator.mapping;

import java.util.List;
import java.util.Objects;

/**
 * One compiled mapping entry: alerts that satisfy {@code match} evidence {@code groups}. As an
 * exception, an entry removes {@code groups} from what other entries found.
 *
 * @param id the entry's id, reported with each hit so users can see why an alert counted
 * @param origin {@code file:line} of the entry, for explanations
 */
public record Mapping(
    String id, String description, List<ActivityGroup> groups, AlertMatcher match, String origin) {
  public Mapping {
    Objects.requireNonNull(id);
    groups = List.copyOf(groups);
  }
}
