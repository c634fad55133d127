package io.falcocorrelator.incident;

import io.falcocorrelator.correlate.CompositeAlert;
import io.falcocorrelator.correlate.ContextInfo;
import io.falcocorrelator.correlate.ContextKey;
import io.falcocorrelator.correlate.Severity;
import io.falcocorrelator.event.EventTimes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filters of {@code GET /api/v1/incidents} (and, where they apply, of the watchlist). Every
 * filter is optional; those given must all hold. Text filters compare exactly, except {@code q}
 * (case-insensitive substring over the evidence's rules, command lines and file names) and {@code
 * image} (also matches the image without its tag or digest).
 *
 * @param minSeverity the least severe severity shown, or null for all
 * @param cases case ids or names (any of them), lower case; empty for all
 * @param statuses any of them; empty for all
 * @param container a container id or name
 * @param q lower case, or null
 * @param since incidents created at or after it, or null
 * @param until incidents created before it, or null
 * @param cursorSeq the page starts below this creation number; {@code Long.MAX_VALUE} for the first
 *     page
 */
public record IncidentQuery(
    Severity minSeverity,
    Set<String> cases,
    Set<IncidentStatus> statuses,
    String namespace,
    String hostname,
    String container,
    String image,
    String q,
    Instant since,
    Instant until,
    int limit,
    long cursorSeq) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  private static final String CURSOR_PREFIX = "s1:";

  public IncidentQuery {
    cases = Set.copyOf(cases);
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /** No filter: the newest {@link #DEFAULT_LIMIT}. */
  public static IncidentQuery all() {
    return new IncidentQuery(
        null,
        Set.of(),
        Set.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        DEFAULT_LIMIT,
        Long.MAX_VALUE);
  }

  public IncidentQuery withLimit(int n) {
    return new IncidentQuery(
        minSeverity,
        cases,
        statuses,
        namespace,
        hostname,
        container,
        image,
        q,
        since,
        until,
        n,
        cursorSeq);
  }

  public IncidentQuery withCursor(String cursor) {
    return new IncidentQuery(
        minSeverity,
        cases,
        statuses,
        namespace,
        hostname,
        container,
        image,
        q,
        since,
        until,
        limit,
        cursor == null ? Long.MAX_VALUE : decodeCursor(cursor));
  }

  /**
   * Reads the query parameters; {@code status} and {@code case} may repeat or be comma separated.
   *
   * @throws BadParameter naming the parameter and why it cannot be used
   */
  public static IncidentQuery parse(Map<String, Deque<String>> params, int maxLimit) {
    Severity min = null;
    String sev = first(params, "severity");
    if (sev != null) {
      min =
          Severity.parse(sev)
              .orElseThrow(() -> new BadParameter("severity", "expected Medium, High or Critical"));
    }
    Set<String> cases = new java.util.HashSet<>();
    for (String c : list(params, "case")) {
      cases.add(c.toLowerCase(Locale.ROOT));
    }
    Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
    for (String s : list(params, "status")) {
      statuses.add(
          IncidentStatus.parse(s)
              .orElseThrow(
                  () ->
                      new BadParameter("status", "expected open, acknowledged or resolved: " + s)));
    }
    String q = first(params, "q");
    if (q != null && q.length() > 200) {
      throw new BadParameter("q", "at most 200 characters");
    }
    int limit = DEFAULT_LIMIT;
    String limitText = first(params, "limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > maxLimit) {
        throw new BadParameter("limit", "expected a whole number from 1 to " + maxLimit);
      }
    }
    String cursor = first(params, "cursor");
    return new IncidentQuery(
        min,
        cases,
        statuses,
        blankToNull(first(params, "namespace")),
        blankToNull(first(params, "hostname")),
        blankToNull(first(params, "container")),
        blankToNull(first(params, "image")),
        q == null || q.isBlank() ? null : q.toLowerCase(Locale.ROOT),
        time(params, "since"),
        time(params, "until"),
        limit,
        cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : decodeCursor(cursor));
  }

  /** True when the incident passes every filter except the cursor. */
  public boolean matches(Incident i, String searchText) {
    CompositeAlert c = i.composite();
    if (minSeverity != null && minSeverity.higherThan(c.severity())) {
      return false;
    }
    if (!statuses.isEmpty() && !statuses.contains(i.status())) {
      return false;
    }
    if (!cases.isEmpty()
        && !cases.contains(c.definition().id())
        && !cases.contains(c.caseName().toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (since != null && i.createdAt().isBefore(since)
        || until != null && !i.createdAt().isBefore(until)) {
      return false;
    }
    return matchesContext(c.key(), c.info()) && (q == null || searchText.contains(q));
  }

  /**
   * The context filters (namespace, hostname, container, image) alone: the watchlist uses these.
   */
  public boolean matchesContext(ContextKey key, ContextInfo info) {
    if (namespace != null && !namespace.equals(info.k8sNamespace())
        || hostname != null && !hostname.equals(key.hostname())) {
      return false;
    }
    if (container != null
        && !container.equals(key.containerId())
        && !container.equals(info.containerName())) {
      return false;
    }
    return image == null || imageMatches(info.image());
  }

  private boolean imageMatches(String actual) {
    return actual.equals(image)
        || actual.startsWith(image)
            && actual.length() > image.length()
            && (actual.charAt(image.length()) == ':' || actual.charAt(image.length()) == '@');
  }

  /** The opaque cursor of the page that starts below creation number {@code seq}. */
  public static String cursorAt(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.UTF_8));
  }

  static long decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(CURSOR_PREFIX)) {
        return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new BadParameter(
        "cursor", "not a cursor this server issued (use the \"next\" value of a previous answer)");
  }

  private static Instant time(Map<String, Deque<String>> params, String name) {
    String text = first(params, name);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return EventTimes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadParameter(name, "expected an RFC 3339 timestamp such as 2026-02-17T03:14:16Z");
    }
  }

  static String first(Map<String, Deque<String>> params, String name) {
    Deque<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** Every value of a parameter, repeated or comma separated, blanks dropped. */
  static List<String> list(Map<String, Deque<String>> params, String name) {
    List<String> out = new ArrayList<>();
    Deque<String> values = params.get(name);
    if (values != null) {
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.trim());
          }
        }
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
