package io.falcocorrelator.correlate;

import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.FieldValues;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.GroupHit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation engine: a pure function from (context state, classified alert) to a
 * {@link Step}. No clock, no I/O, no logging: event time comes from the alert, processing time
 * ({@code now}) from the caller's injected clock, and the state is a value the caller stores,
 * so the HTTP server, the replay CLI and a Kafka Streams processor all run this same code.
 *
 * <p>Semantics, pinned by the scenario fixtures:
 * <ul>
 *   <li>A case fires when each of its groups has evidence in the context and the timed groups'
 *       evidence fits in one window of the case's length, measured in event time in any order
 *       (alerts arrive out of order). State groups need evidence at any time.
 *   <li>Each context has its own clock, its newest event time: evidence older than that by more
 *       than the longest window is dropped, and a new alert that old is {@link Outcome#LATE}.
 *       Another context's clock never matters, so skewed nodes and replayed history coexist.
 *   <li>Each case fires at most once per context until the context expires. Cases completing
 *       when a more severe case has already been emitted in the context are folded into that open
 *       incident (reported in {@link Step#folded()}, not emitted); a more severe case escalates
 *       with a new composite; cases of equal severity are different vectors and are all emitted.
 * </ul>
 */
public final class Correlator {
  private static final int MAX_EVIDENCE_IN_COMPOSITE_PER_GROUP = 5;
  private final CaseSet cases;
  private final CorrelationSettings settings;
  private final Duration retention;
  private final long idleSeconds;

  public Correlator(CaseSet cases, CorrelationSettings settings) {
    this.cases = cases;
    this.settings = settings;
    this.retention = cases.maxWindow();
    this.idleSeconds = settings.idleTimeout().getSeconds();
  }

  public CaseSet cases() {
    return cases;
  }

  public CorrelationSettings settings() {
    return settings;
  }

  /**
   * Applies one alert to its context.
   *
   * @param prior the context's state, or null when the context is new
   * @param hits the groups the alert evidences (empty: nothing is stored)
   * @param now processing time, recorded for idle expiry and in {@code detected_at}
   */
  public Step onAlert(ContextState prior, ContextKey key, FalcoAlert alert, List<GroupHit> hits, Instant now) {
    if (hits.isEmpty()) {
      return Step.untouched(Outcome.UNMAPPED);
    }
    Instant time = alert.time();
    boolean expired = prior != null && isIdleInEventTime(prior, time);
    ContextState state = prior == null || expired ? ContextState.empty(key, time, now) : prior;
    if (!expired && prior != null && onlyKnownState(prior, hits)) {
      // Every alert from a privileged container says so again: nothing new to correlate.
      return new Step(touched(prior, alert, now), Outcome.CORRELATED, List.of(), List.of(), false);
    }
    long fingerprint = Fingerprints.of(alert);
    if (state.recent().contains(fingerprint)) {
      return Step.untouched(Outcome.DUPLICATE);
    }
    Instant horizon = state.latestEventTime().minus(retention);
    boolean late = time.isBefore(horizon);
    EnumMap<ActivityGroup, List<Evidence>> evidence = new EnumMap<>(ActivityGroup.class);
    evidence.putAll(state.evidence());
    boolean added = false;
    Map<String, String> fields = null;
    for (GroupHit hit : hits) {
      boolean stateGroup = settings.stateGroups().contains(hit.group());
      if (late && !stateGroup) {
        continue;
      }
      if (fields == null) {
        fields = evidenceFields(alert);
      }
      evidence.put(hit.group(), withEvidence(evidence.get(hit.group()), toEvidence(hit, alert, fingerprint, fields), stateGroup));
      added = true;
    }
    Instant latest = time.isAfter(state.latestEventTime()) ? time : state.latestEventTime();
    Instant first = time.isBefore(state.firstEventTime()) ? time : state.firstEventTime();
    prune(evidence, latest.minus(retention));
    ContextState next = new ContextState(ContextState.SCHEMA_VERSION, key, mergeInfo(state.info(), alert),
        evidence, state.fired(), state.recent().with(fingerprint, settings.dedupMemory()), first, latest, now);
    if (!added) {
      return new Step(next, Outcome.LATE, List.of(), List.of(), expired);
    }
    return evaluate(next, now, late ? Outcome.LATE : Outcome.CORRELATED, expired, hits);
  }

  /** True when every hit is a state group the context already has evidence of. */
  private boolean onlyKnownState(ContextState state, List<GroupHit> hits) {
    for (GroupHit h : hits) {
      if (!settings.stateGroups().contains(h.group()) || state.evidenceOf(h.group()).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The state with its clocks and metadata advanced; evidence and dedup memory unchanged. */
  private static ContextState touched(ContextState s, FalcoAlert alert, Instant now) {
    Instant time = alert.time();
    return new ContextState(s.schemaVersion(), s.key(), mergeInfo(s.info(), alert), s.evidence(), s.fired(),
        s.recent(), time.isBefore(s.firstEventTime()) ? time : s.firstEventTime(),
        time.isAfter(s.latestEventTime()) ? time : s.latestEventTime(), now);
  }

  /** A container's name, image and pod never change: once all are known, the alert is not read for them. */
  private static ContextInfo mergeInfo(ContextInfo info, FalcoAlert alert) {
    if (!info.containerName().isEmpty() && !info.image().isEmpty() && !info.k8sNamespace().isEmpty() && !info.k8sPod().isEmpty()) {
      return info;
    }
    return info.merge(ContextKeys.info(alert));
  }

  /**
   * True when the context has been idle, in its own event time, past the idle timeout: the
   * attack that follows is a new incident. (Processing-time idleness is the runtime's sweep.)
   */
  private boolean isIdleInEventTime(ContextState state, Instant time) {
    // Cheap first test (the common case: the alert is within the timeout), exact one after.
    long seconds = time.getEpochSecond() - state.latestEventTime().getEpochSecond();
    return seconds >= idleSeconds && Duration.between(state.latestEventTime(), time).compareTo(settings.idleTimeout()) > 0;
  }

  private List<Evidence> withEvidence(List<Evidence> current, Evidence e, boolean stateGroup) {
    List<Evidence> list = current == null ? new ArrayList<>(2) : new ArrayList<>(current);
    int at = list.size();
    while (at > 0 && list.get(at - 1).time().isAfter(e.time())) {
      at--;
    }
    list.add(at, e);
    if (list.size() > settings.maxEvidencePerGroup()) {
      // State evidence keeps the first sighting (when the container was seen privileged);
      // timed evidence keeps the newest, which can still combine with what comes next.
      list.remove(stateGroup ? list.size() - 1 : 0);
    }
    return list;
  }

  private void prune(Map<ActivityGroup, List<Evidence>> evidence, Instant horizon) {
    for (Map.Entry<ActivityGroup, List<Evidence>> entry : evidence.entrySet()) {
      List<Evidence> list = entry.getValue();
      // Lists are in event-time order: only one whose oldest is past the horizon changes.
      if (list.isEmpty() || !list.get(0).time().isBefore(horizon) || settings.stateGroups().contains(entry.getKey())) {
        continue;
      }
      List<Evidence> kept = new ArrayList<>(list.size());
      for (Evidence e : list) {
        if (!e.time().isBefore(horizon)) {
          kept.add(e);
        }
      }
      entry.setValue(kept);
    }
  }

  private Step evaluate(ContextState state, Instant now, Outcome outcome, boolean expired, List<GroupHit> hits) {
    List<CompositeAlert> emitted = new ArrayList<>(1);
    List<FiredCase> folded = new ArrayList<>(0);
    List<FiredCase> fired = new ArrayList<>(state.fired());
    FiredCase incident = state.openIncident();
    CompositeAlert leader = null;
    for (CaseDefinition c : cases.all()) {
      // Only a case that needs a group this alert evidenced can have become complete.
      if (!usesAny(c, hits) || state.firedCase(c.id()) != null) {
        continue;
      }
      Window window = completion(c, state);
      if (window == null) {
        continue;
      }
      boolean fold = incident != null && incident.severity().higherThan(c.severity());
      if (fold) {
        FiredCase f = new FiredCase(c.id(), c.severity(), leader != null ? leader.id() : incident.compositeId(), window.last, true);
        fired.add(f);
        folded.add(f);
        continue;
      }
      String escalatedFrom = incident != null && c.severity().higherThan(incident.severity()) ? incident.compositeId() : "";
      CompositeAlert alert = composite(c, state, window, escalatedFrom, now);
      FiredCase f = new FiredCase(c.id(), c.severity(), alert.id(), window.last, false);
      fired.add(f);
      emitted.add(alert);
      if (incident == null || c.severity().higherThan(incident.severity())) {
        incident = f;
        leader = alert;
      }
    }
    if (emitted.isEmpty() && folded.isEmpty()) {
      return new Step(state, outcome, List.of(), List.of(), expired);
    }
    emitted = withRelatedCases(emitted, folded);
    ContextState next = new ContextState(state.schemaVersion(), state.key(), state.info(), state.evidence(), fired,
        state.recent(), state.firstEventTime(), state.latestEventTime(), state.lastSeen());
    return new Step(next, outcome, emitted, folded, expired);
  }

  private static boolean usesAny(CaseDefinition c, List<GroupHit> hits) {
    for (GroupHit h : hits) {
      if (c.groups().contains(h.group())) {
        return true;
      }
    }
    return false;
  }

  /** Cases folded in the same step are listed on the composite they were folded into. */
  private static List<CompositeAlert> withRelatedCases(List<CompositeAlert> emitted, List<FiredCase> folded) {
    if (folded.isEmpty()) {
      return emitted;
    }
    List<CompositeAlert> out = new ArrayList<>(emitted.size());
    for (CompositeAlert a : emitted) {
      List<String> related = new ArrayList<>();
      for (FiredCase f : folded) {
        if (f.compositeId().equals(a.id())) {
          related.add(f.caseId());
        }
      }
      out.add(related.isEmpty() ? a : new CompositeAlert(a.id(), a.definition(), a.key(), a.info(), a.groups(),
          a.evidence(), a.firstSeen(), a.lastSeen(), related, a.escalatedFrom(), a.detectedAt()));
    }
    return out;
  }

  /** The earliest window in which the case is complete, or null. */
  private Window completion(CaseDefinition c, ContextState state) {
    List<ActivityGroup> timed = new ArrayList<>(c.groups().size());
    for (ActivityGroup g : c.groups()) {
      if (state.evidenceOf(g).isEmpty()) {
        return null;
      }
      if (!settings.stateGroups().contains(g)) {
        timed.add(g);
      }
    }
    Instant bestStart = null;
    for (ActivityGroup g : timed) {
      for (Evidence e : state.evidenceOf(g)) {
        Instant start = e.time();
        if ((bestStart == null || start.isBefore(bestStart)) && coversAll(timed, state, start, start.plus(c.window()))) {
          bestStart = start;
        }
      }
    }
    if (bestStart == null && !timed.isEmpty()) {
      return null;
    }
    return new Window(c, state, timed, bestStart);
  }

  private static boolean coversAll(List<ActivityGroup> groups, ContextState state, Instant from, Instant to) {
    for (ActivityGroup g : groups) {
      boolean found = false;
      for (Evidence e : state.evidenceOf(g)) {
        if (!e.time().isBefore(from) && !e.time().isAfter(to)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** The evidence that completed a case: per group, what falls in the window (state groups: first sighting). */
  private static final class Window {
    final Map<ActivityGroup, List<Evidence>> evidence = new LinkedHashMap<>();
    Instant first;
    Instant last;

    Window(CaseDefinition c, ContextState state, List<ActivityGroup> timed, Instant start) {
      Instant end = start == null ? null : start.plus(c.window());
      for (ActivityGroup g : c.groups()) {
        List<Evidence> chosen = new ArrayList<>();
        for (Evidence e : state.evidenceOf(g)) {
          boolean in = !timed.contains(g) || !e.time().isBefore(start) && !e.time().isAfter(end);
          if (in && chosen.size() < (timed.contains(g) ? MAX_EVIDENCE_IN_COMPOSITE_PER_GROUP : 1)) {
            chosen.add(e);
          }
        }
        evidence.put(g, chosen);
        for (Evidence e : chosen) {
          first = first == null || e.time().isBefore(first) ? e.time() : first;
          last = last == null || e.time().isAfter(last) ? e.time() : last;
        }
      }
    }

    List<Evidence> all() {
      List<Evidence> out = new ArrayList<>();
      evidence.values().forEach(out::addAll);
      out.sort((a, b) -> a.time().compareTo(b.time()));
      return out;
    }
  }

  private CompositeAlert composite(CaseDefinition c, ContextState state, Window w, String escalatedFrom, Instant now) {
    List<Evidence> all = w.all();
    Evidence firstEvidence = all.get(0);
    String id = Fingerprints.compositeId(state.key(), c.id(), firstEvidence.time(), firstEvidence.fingerprint());
    return new CompositeAlert(id, c, state.key(), state.info(), c.groups(), all, w.first, w.last, List.of(), escalatedFrom, now);
  }

  private Evidence toEvidence(GroupHit hit, FalcoAlert alert, long fingerprint, Map<String, String> fields) {
    return new Evidence(hit.group(), hit.mappingId(), alert.rule(), alert.time(), alert.priority().label(),
        truncate(alert.output()), fields, fingerprint);
  }

  /** The evidence fields of an alert, read once however many groups it evidences. */
  private Map<String, String> evidenceFields(FalcoAlert alert) {
    List<String> names = settings.evidenceFields();
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = new Map.Entry[names.size()];
    int n = 0;
    for (String name : names) {
      Object v = alert.field(name);
      if (v != null) {
        entries[n++] = Map.entry(name, truncate(FieldValues.text(v)));
      }
    }
    return Map.ofEntries(java.util.Arrays.copyOf(entries, n));
  }

  private String truncate(String s) {
    int max = settings.maxFieldChars();
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  @Override
  public String toString() {
    return "Correlator[" + cases + ", retention " + retention + "]";
  }
}
