package io.falcocorrelator.correlate;

import io.falcocorrelator.mapping.ActivityGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The cases in evaluation order: most severe first, then in file order. */
public final class CaseSet {
  private final List<CaseDefinition> cases;
  private final Duration maxWindow;

  public CaseSet(List<CaseDefinition> cases) {
    List<CaseDefinition> sorted = new ArrayList<>(cases);
    sorted.sort(Comparator.comparing(CaseDefinition::severity));
    this.cases = List.copyOf(sorted);
    this.maxWindow =
        cases.stream()
            .map(CaseDefinition::window)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ofMinutes(30));
  }

  public List<CaseDefinition> all() {
    return cases;
  }

  /** The longest window: how far behind a context's newest event evidence is still useful. */
  public Duration maxWindow() {
    return maxWindow;
  }

  public Optional<CaseDefinition> byId(String id) {
    return cases.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** True when some case needs {@code group}. */
  public boolean uses(ActivityGroup group) {
    for (CaseDefinition c : cases) {
      if (c.groups().contains(group)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CaseSet[" + cases.size() + " cases, max window " + maxWindow + "]";
  }
}
