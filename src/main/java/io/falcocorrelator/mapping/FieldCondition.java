package io.falcocorrelator.mapping;

import com.google.re2j.Pattern;
import io.falcocorrelator.event.FieldValues;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A test on one value: an alert's rule name, source or an {@code output_fields} entry. The value is
 * {@code null} when the field is absent. String tests run in linear time in the value's length
 * ({@code regex} and {@code glob} use RE2/J), because command lines and file names are
 * attacker-controlled and reach several KiB. A list value (array fields) passes when any element
 * passes.
 */
public sealed interface FieldCondition {

  /**
   * Tests a value: {@code null} when the field is absent (only {@link Exists} can pass then), a
   * list when any element passes.
   */
  default boolean test(Object value) {
    // Scalars first: a check against a final class is one pointer comparison, while a failing
    // "instanceof List" scans the value class's interfaces (half of classification's time).
    if (value == null) {
      return false;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return testOne(value);
    }
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        if (element != null && testOne(element)) {
          return true;
        }
      }
      return false;
    }
    return testOne(value);
  }

  /** Tests one non-null scalar value. */
  boolean testOne(Object value);

  /**
   * The condition as the YAML says it, for explanations: {@code glob [/proc/}{@code *}{@code
   * /cgroup]}.
   */
  String describe();

  /** A list of texts as {@code [a, b]}, or the one text alone. */
  private static String list(java.util.Collection<String> texts) {
    return texts.size() == 1
        ? quote(texts.iterator().next())
        : "[" + String.join(", ", texts.stream().map(FieldCondition::quote).toList()) + "]";
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  /** Equality with YAML typing: {@code true} matches a JSON boolean or the text "true". */
  record Equals(Object expected) implements FieldCondition {
    @Override
    public boolean testOne(Object v) {
      if (expected instanceof Boolean) {
        return v instanceof Boolean
            ? v.equals(expected)
            : FieldValues.text(v).equalsIgnoreCase(expected.toString());
      }
      if (expected instanceof Number) {
        Double n = Compare.number(v);
        return n != null && n == ((Number) expected).doubleValue();
      }
      return FieldValues.text(v).equals(expected);
    }

    @Override
    public String describe() {
      return expected instanceof String
          ? "equals " + quote((String) expected)
          : "equals " + expected;
    }
  }

  /**
   * Membership in a set of texts (canonical text of the value). Tested on every alert by field-only
   * mappings (a process name among a few), so a value whose length no member has is refused before
   * its hash is computed, and the set is a {@link HashSet}: {@code Set.copyOf}'s probe divides on
   * every lookup.
   */
  record In(Set<String> texts, long lengths) implements FieldCondition {
    public In(Set<String> texts) {
      this(Collections.unmodifiableSet(new HashSet<>(texts)), lengthBits(texts));
    }

    /** A bit per member length below 63; bit 63 for every longer one. */
    private static long lengthBits(Set<String> texts) {
      long bits = 0;
      for (String t : texts) {
        bits |= 1L << Math.min(t.length(), 63);
      }
      return bits;
    }

    @Override
    public boolean testOne(Object value) {
      String text = FieldValues.text(value);
      return (lengths & 1L << Math.min(text.length(), 63)) != 0 && texts.contains(text);
    }

    @Override
    public String describe() {
      return "in " + list(new java.util.TreeSet<>(texts));
    }
  }

  /** One of the strings is a prefix, suffix or substring of the value. */
  record Affix(Kind kind, List<String> strings) implements FieldCondition {
    public enum Kind {
      PREFIX,
      SUFFIX,
      CONTAINS
    }

    public Affix {
      strings = List.copyOf(strings);
    }

    @Override
    public boolean testOne(Object v) {
      String text = FieldValues.text(v);
      for (String s : strings) {
        boolean hit =
            kind == Kind.PREFIX
                ? text.startsWith(s)
                : kind == Kind.SUFFIX ? text.endsWith(s) : text.contains(s);
        if (hit) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return kind.name().toLowerCase(Locale.ROOT) + " " + list(strings);
    }
  }

  /**
   * A whole-value match of any pattern: globs ({@code *}, {@code ?}) compiled to RE2/J, or a regex
   * found anywhere. A glob is first tested by its shape: its literal head and tail must start and
   * end the value, which decides globs with at most one {@code *} and no {@code ?} outright (paths
   * such as {@code /proc/}{@code *}{@code /cgroup}) and spares RE2/J the values that cannot match.
   */
  record Patterns(
      String operator,
      List<String> sources,
      List<Pattern> patterns,
      boolean whole,
      List<GlobShape> shapes)
      implements FieldCondition {
    public Patterns {
      sources = List.copyOf(sources);
      patterns = List.copyOf(patterns);
      shapes = List.copyOf(shapes);
    }

    public Patterns(String operator, List<String> sources, List<Pattern> patterns, boolean whole) {
      this(
          operator,
          sources,
          patterns,
          whole,
          whole ? sources.stream().map(GlobShape::of).toList() : List.of());
    }

    @Override
    public boolean testOne(Object v) {
      String text = FieldValues.text(v);
      for (int i = 0; i < patterns.size(); i++) {
        if (whole) {
          GlobShape shape = shapes.get(i);
          if (!shape.admits(text)) {
            continue;
          }
          if (shape.decisive()) {
            return true;
          }
        }
        Pattern p = patterns.get(i);
        if (whole ? p.matches(text) : p.matcher(text).find()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return operator + " " + list(sources);
    }

    /** Falco-style glob: {@code *} any run of characters (including {@code /}), {@code ?} one. */
    public static Pattern glob(String glob) {
      StringBuilder re = new StringBuilder();
      StringBuilder literal = new StringBuilder();
      for (char c : glob.toCharArray()) {
        if (c == '*' || c == '?') {
          if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
          }
          re.append(c == '*' ? ".*" : ".");
        } else {
          literal.append(c);
        }
      }
      if (literal.length() > 0) {
        re.append(Pattern.quote(literal.toString()));
      }
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
  }

  /**
   * What a glob's literal head (before its first wildcard) and tail (after its last) say: a value
   * that does not start and end with them cannot match. {@code decisive} when that test is the
   * whole answer: no wildcard (the value must equal the head) or a single {@code *}.
   */
  record GlobShape(String head, String tail, boolean exact, boolean decisive) {
    static GlobShape of(String glob) {
      int first = firstWildcard(glob);
      if (first < 0) {
        return new GlobShape(glob, "", true, true);
      }
      int last = Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?'));
      boolean oneStar = first == last && glob.charAt(first) == '*';
      return new GlobShape(glob.substring(0, first), glob.substring(last + 1), false, oneStar);
    }

    private static int firstWildcard(String glob) {
      int star = glob.indexOf('*');
      int question = glob.indexOf('?');
      return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    boolean admits(String text) {
      if (exact) {
        return text.equals(head);
      }
      return text.length() >= head.length() + tail.length()
          && text.startsWith(head)
          && text.endsWith(tail);
    }
  }

  /** Present (non-null) or absent. */
  record Exists(boolean present) implements FieldCondition {
    @Override
    public boolean test(Object value) {
      return (value != null) == present;
    }

    @Override
    public boolean testOne(Object value) {
      return present;
    }

    @Override
    public String describe() {
      return "exists " + present;
    }
  }

  /** Numeric comparison; numeric strings (Falco's internal messages) count as numbers. */
  record Compare(Op op, double bound) implements FieldCondition {
    public enum Op {
      GT,
      GTE,
      LT,
      LTE;

      String id() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    @Override
    public boolean testOne(Object v) {
      Double n = number(v);
      if (n == null) {
        return false;
      }
      switch (op) {
        case GT:
          return n > bound;
        case GTE:
          return n >= bound;
        case LT:
          return n < bound;
        default:
          return n <= bound;
      }
    }

    @Override
    public String describe() {
      return op.id()
          + " "
          + (bound == Math.rint(bound) && Math.abs(bound) < 1e15
              ? String.valueOf((long) bound)
              : String.valueOf(bound));
    }

    static Double number(Object v) {
      if (v instanceof Number) {
        return ((Number) v).doubleValue();
      }
      if (v instanceof String) {
        String s = (String) v;
        if (s.isEmpty() || s.length() > 40) {
          return null;
        }
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
  }

  /** All of several operators written on one field ({@code {prefix: /proc/, suffix: /cgroup}}). */
  record AllOf(List<FieldCondition> conditions) implements FieldCondition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean testOne(Object value) {
      return test(value);
    }

    @Override
    public boolean test(Object value) {
      for (FieldCondition c : conditions) {
        if (!c.test(value)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String describe() {
      return String.join(" and ", conditions.stream().map(FieldCondition::describe).toList());
    }
  }
}
