package io.falcocorrelator.correlate;

import io.falcocorrelator.event.EventNanos;
import io.falcocorrelator.event.FalcoAlert;
import io.falcocorrelator.event.FieldValues;
import io.falcocorrelator.event.Text;
import io.falcocorrelator.mapping.ActivityGroup;
import io.falcocorrelator.mapping.GroupHit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation engine: a pure function from (context state, classified alert) to a {@link Step}.
 * No clock, no I/O, no logging: event time comes from the alert, processing time ({@code now}) from
 * the caller's injected clock, and the state is a value the caller stores, so the HTTP server, the
 * replay CLI and a Kafka Streams processor all run this same code.
 *
 * <p>Semantics, pinned by the scenario fixtures:
 *
 * <ul>
 *   <li>A case fires when each of its groups has evidence in the context and the timed groups'
 *       evidence fits in one window of the case's length, measured in event time in any order
 *       (alerts arrive out of order). State groups need evidence at any time.
 *   <li>Each context has its own clock, its newest event time: evidence older than that by more
 *       than the longest window is dropped, and a new alert that old is {@link Outcome#LATE}.
 *       Another context's clock never matters, so skewed nodes and replayed history coexist.
 *   <li>Each case fires at most once per context until the context expires. Cases completing when a
 *       more severe case has already been emitted in the context are folded into that open incident
 *       (reported in {@link Step#folded()}, not emitted); a more severe case escalates with a new
 *       composite; cases of equal severity are different vectors and are all emitted.
 * </ul>
 */
public final class Correlator {
  private static final int MAX_EVIDENCE_IN_COMPOSITE_PER_GROUP = 5;
  private static final ActivityGroup[] GROUPS = ActivityGroup.values();

  /**
   * Evidence order: by event time, ties broken by the alert's fingerprint (then group), EQL's
   * tiebreaker: which of two same-nanosecond alerts comes first (and so the composite id derived
   * from the first) depends on their content, never on their arrival order.
   */
  static final Comparator<Evidence> EVENT_ORDER =
      Comparator.comparingLong(Evidence::timeNanos)
          .thenComparingLong(Evidence::fingerprint)
          .thenComparing(Evidence::group);

  private final CaseSet cases;
  private final CorrelationSettings settings;
  private final long retentionNanos;
  private final long idleNanos;
  private final Duration retention;
  private final String[] evidenceFieldNames;

  /** Per case of {@code cases.all()}: a bit per group ordinal it needs. */
  private final int[] caseGroupBits;

  public Correlator(CaseSet cases, CorrelationSettings settings) {
    this.cases = cases;
    this.settings = settings;
    this.retention = cases.maxWindow();
    this.retentionNanos = EventNanos.of(retention);
    this.idleNanos = EventNanos.of(settings.idleTimeout());
    this.evidenceFieldNames = settings.evidenceFields().toArray(new String[0]);
    this.caseGroupBits = cases.all().stream().mapToInt(c -> groupBits(c.groups())).toArray();
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
  public Step onAlert(
      ContextState prior, ContextKey key, FalcoAlert alert, List<GroupHit> hits, Instant now) {
    if (hits.isEmpty()) {
      return Step.untouched(Outcome.UNMAPPED);
    }
    long time = EventNanos.of(alert.time());
    long nowNanos = EventNanos.of(now);
    boolean expired = prior != null && isIdleInEventTime(prior, time);
    ContextState state = prior == null || expired ? ContextState.empty(key, time, nowNanos) : prior;
    if (!expired && prior != null && onlyKnownState(prior, hits)) {
      // Every alert from a privileged container says so again: nothing new to correlate.
      return new Step(
          touched(prior, alert, time, nowNanos), Outcome.CORRELATED, List.of(), List.of(), false);
    }
    long fingerprint = Fingerprints.of(alert);
    if (state.recent().contains(fingerprint)) {
      return Step.untouched(Outcome.DUPLICATE);
    }
    boolean late = time < EventNanos.minus(state.latestEventNanos(), retentionNanos);
    GroupEvidence evidence = state.evidence();
    boolean added = false;
    Map<String, Object> fields = null;
    for (GroupHit hit : hits) {
      boolean stateGroup = settings.stateGroups().contains(hit.group());
      if (late && !stateGroup) {
        continue;
      }
      if (fields == null) {
        fields = evidenceFields(alert);
      }
      Evidence e = toEvidence(hit, alert, time, fingerprint, fields);
      evidence = evidence.with(hit.group(), withEvidence(evidence.of(hit.group()), e, stateGroup));
      added = true;
    }
    long latest = Math.max(time, state.latestEventNanos());
    long first = Math.min(time, state.firstEventNanos());
    evidence = prune(evidence, EventNanos.minus(latest, retentionNanos));
    ContextState next =
        new ContextState(
            ContextState.SCHEMA_VERSION,
            key,
            mergeInfo(state.info(), alert),
            evidence,
            state.fired(),
            state.recent().with(fingerprint, settings.dedupMemory()),
            first,
            latest,
            nowNanos);
    if (!added) {
      return new Step(next, Outcome.LATE, List.of(), List.of(), expired);
    }
    return evaluate(next, now, late ? Outcome.LATE : Outcome.CORRELATED, expired, hits);
  }

  /** True when every hit is a state group the context already has evidence of. */
  private boolean onlyKnownState(ContextState state, List<GroupHit> hits) {
    for (GroupHit h : hits) {
      if (!settings.stateGroups().contains(h.group()) || !state.has(h.group())) {
        return false;
      }
    }
    return true;
  }

  /** The state with its clocks and metadata advanced; evidence and dedup memory unchanged. */
  private static ContextState touched(ContextState s, FalcoAlert alert, long time, long now) {
    ContextInfo info = s.infoComplete() ? s.info() : s.info().merge(ContextKeys.info(alert));
    return s.touched(
        info, Math.min(time, s.firstEventNanos()), Math.max(time, s.latestEventNanos()), now);
  }

  /**
   * A container's name, image and pod never change: once all are known, the alert is not read for
   * them.
   */
  private static ContextInfo mergeInfo(ContextInfo info, FalcoAlert alert) {
    return info.complete() ? info : info.merge(ContextKeys.info(alert));
  }

  /**
   * True when the context has been idle, in its own event time, past the idle timeout: the attack
   * that follows is a new incident. (Processing-time idleness is the runtime's sweep.)
   */
  private boolean isIdleInEventTime(ContextState state, long time) {
    return EventNanos.minus(time, state.latestEventNanos()) > idleNanos;
  }

  private List<Evidence> withEvidence(List<Evidence> current, Evidence e, boolean stateGroup) {
    List<Evidence> list = new ArrayList<>(current.size() + 1);
    list.addAll(current);
    int at = list.size();
    while (at > 0 && EVENT_ORDER.compare(list.get(at - 1), e) > 0) {
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

  /**
   * Drops timed evidence older than the horizon; reads only the groups whose oldest evidence is.
   */
  private GroupEvidence prune(GroupEvidence evidence, long horizon) {
    GroupEvidence out = evidence;
    for (ActivityGroup g : GROUPS) {
      if (!evidence.has(g)
          || evidence.oldestNanos(g) >= horizon
          || settings.stateGroups().contains(g)) {
        continue;
      }
      List<Evidence> kept = new ArrayList<>();
      for (Evidence e : evidence.of(g)) {
        if (e.timeNanos() >= horizon) {
          kept.add(e);
        }
      }
      out = out.with(g, kept);
    }
    return out;
  }

  private Step evaluate(
      ContextState state, Instant now, Outcome outcome, boolean expired, List<GroupHit> hits) {
    int hitBits = 0;
    for (GroupHit h : hits) {
      hitBits |= 1 << h.group().ordinal();
    }
    if (!anyCanComplete(state, hitBits)) {
      return new Step(state, outcome, List.of(), List.of(), expired);
    }
    List<CompositeAlert> emitted = new ArrayList<>(1);
    List<FiredCase> folded = new ArrayList<>(0);
    List<FiredCase> fired = new ArrayList<>(state.fired());
    FiredCase incident = state.openIncident();
    CompositeAlert leader = null;
    List<CaseDefinition> all = cases.all();
    for (int i = 0; i < all.size(); i++) {
      CaseDefinition c = all.get(i);
      if (!canComplete(i, state, hitBits) || state.firedCase(c.id()) != null) {
        continue;
      }
      Window window = completion(c, state);
      if (window == null) {
        continue;
      }
      Instant at = EventNanos.toInstant(window.last);
      boolean fold = incident != null && incident.severity().higherThan(c.severity());
      if (fold) {
        FiredCase f =
            new FiredCase(
                c.id(),
                c.severity(),
                leader != null ? leader.id() : incident.compositeId(),
                at,
                true);
        fired.add(f);
        folded.add(f);
        continue;
      }
      String escalatedFrom =
          incident != null && c.severity().higherThan(incident.severity())
              ? incident.compositeId()
              : "";
      CompositeAlert alert = composite(c, state, window, escalatedFrom, now);
      FiredCase f = new FiredCase(c.id(), c.severity(), alert.id(), at, false);
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
    ContextState next =
        new ContextState(
            state.schemaVersion(),
            state.key(),
            state.info(),
            state.evidence(),
            fired,
            state.recent(),
            state.firstEventNanos(),
            state.latestEventNanos(),
            state.lastProcessedNanos());
    return new Step(next, outcome, emitted, folded, expired);
  }

  /**
   * Only a case that needs a group this alert evidenced can have become complete, and only when
   * every group it needs has evidence: most mapped alerts complete nothing, and this test tells so
   * from two integers, without reading any evidence.
   */
  private boolean canComplete(int caseIndex, ContextState state, int hitBits) {
    int needs = caseGroupBits[caseIndex];
    return (needs & hitBits) != 0 && (needs & state.groupBits()) == needs;
  }

  private boolean anyCanComplete(ContextState state, int hitBits) {
    for (int i = 0; i < caseGroupBits.length; i++) {
      if (canComplete(i, state, hitBits)) {
        return true;
      }
    }
    return false;
  }

  private static int groupBits(List<ActivityGroup> groups) {
    int bits = 0;
    for (ActivityGroup g : groups) {
      bits |= 1 << g.ordinal();
    }
    return bits;
  }

  /** Cases folded in the same step are listed on the composite they were folded into. */
  private static List<CompositeAlert> withRelatedCases(
      List<CompositeAlert> emitted, List<FiredCase> folded) {
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
      out.add(
          related.isEmpty()
              ? a
              : new CompositeAlert(
                  a.id(),
                  a.definition(),
                  a.key(),
                  a.info(),
                  a.groups(),
                  a.evidence(),
                  a.firstSeen(),
                  a.lastSeen(),
                  related,
                  a.escalatedFrom(),
                  a.detectedAt()));
    }
    return out;
  }

  /** The earliest window in which the case is complete, or null. */
  private Window completion(CaseDefinition c, ContextState state) {
    List<ActivityGroup> timed = new ArrayList<>(c.groups().size());
    for (ActivityGroup g : c.groups()) {
      if (!state.has(g)) {
        return null;
      }
      if (!settings.stateGroups().contains(g)) {
        timed.add(g);
      }
    }
    long window = EventNanos.of(c.window());
    long bestStart = Long.MAX_VALUE;
    boolean found = false;
    for (ActivityGroup g : timed) {
      for (Evidence e : state.evidenceOf(g)) {
        long start = e.timeNanos();
        if ((!found || start < bestStart)
            && coversAll(timed, state, start, EventNanos.plus(start, window))) {
          bestStart = start;
          found = true;
        }
      }
    }
    if (!found && !timed.isEmpty()) {
      return null;
    }
    return new Window(c, state, timed, found, bestStart, window);
  }

  private static boolean coversAll(
      List<ActivityGroup> groups, ContextState state, long from, long to) {
    for (ActivityGroup g : groups) {
      boolean found = false;
      for (Evidence e : state.evidenceOf(g)) {
        if (e.timeNanos() >= from && e.timeNanos() <= to) {
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

  /**
   * The evidence that completed a case: per group, what falls in the window (state groups: first
   * sighting).
   */
  private static final class Window {
    final Map<ActivityGroup, List<Evidence>> evidence = new LinkedHashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Window(
        CaseDefinition c,
        ContextState state,
        List<ActivityGroup> timed,
        boolean bounded,
        long start,
        long length) {
      long end = bounded ? EventNanos.plus(start, length) : Long.MAX_VALUE;
      for (ActivityGroup g : c.groups()) {
        List<Evidence> chosen = new ArrayList<>();
        for (Evidence e : state.evidenceOf(g)) {
          boolean in = !timed.contains(g) || e.timeNanos() >= start && e.timeNanos() <= end;
          if (in && chosen.size() < (timed.contains(g) ? MAX_EVIDENCE_IN_COMPOSITE_PER_GROUP : 1)) {
            chosen.add(e);
          }
        }
        evidence.put(g, chosen);
        for (Evidence e : chosen) {
          first = Math.min(first, e.timeNanos());
          last = Math.max(last, e.timeNanos());
        }
      }
    }

    List<Evidence> all() {
      List<Evidence> out = new ArrayList<>();
      evidence.values().forEach(out::addAll);
      out.sort(EVENT_ORDER);
      return out;
    }
  }

  private CompositeAlert composite(
      CaseDefinition c, ContextState state, Window w, String escalatedFrom, Instant now) {
    List<Evidence> all = w.all();
    Evidence firstEvidence = all.get(0);
    String id =
        Fingerprints.compositeId(
            state.key(), c.id(), firstEvidence.time(), firstEvidence.fingerprint());
    return new CompositeAlert(
        id,
        c,
        state.key(),
        state.info(),
        c.groups(),
        all,
        EventNanos.toInstant(w.first),
        EventNanos.toInstant(w.last),
        List.of(),
        escalatedFrom,
        now);
  }

  private Evidence toEvidence(
      GroupHit hit, FalcoAlert alert, long time, long fingerprint, Map<String, Object> fields) {
    return new Evidence(
        hit.group(),
        hit.mappingId(),
        alert.rule(),
        time,
        alert.priority().label(),
        truncate(alert.output()),
        fields,
        fingerprint);
  }

  /** The evidence fields of an alert, read once however many groups it evidences. */
  private Map<String, Object> evidenceFields(FalcoAlert alert) {
    Object[] values = new Object[evidenceFieldNames.length];
    for (int i = 0; i < values.length; i++) {
      Object v = alert.field(evidenceFieldNames[i]);
      if (v != null) {
        values[i] = bounded(v);
      }
    }
    return new EvidenceFields(evidenceFieldNames, values);
  }

  /** The value with its JSON type kept, bounded like text: strings cut, lists cut to what fits. */
  private Object bounded(Object v) {
    if (v instanceof String) {
      return truncate((String) v);
    }
    if (!(v instanceof List)) {
      return v;
    }
    List<Object> kept = new ArrayList<>();
    int chars = 0;
    for (Object item : (List<?>) v) {
      Object b = item instanceof String ? truncate((String) item) : item;
      chars += FieldValues.text(b).length();
      if (chars > settings.maxFieldChars()) {
        break;
      }
      kept.add(b);
    }
    return java.util.Collections.unmodifiableList(kept);
  }

  private String truncate(String s) {
    int max = settings.maxFieldChars();
    return Text.truncate(s, max);
  }

  @Override
  public String toString() {
    return "Correlator[" + cases + ", retention " + retention + "]";
  }
}
