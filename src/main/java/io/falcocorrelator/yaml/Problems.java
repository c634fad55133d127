package io.falcocorrelator.yaml;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading rule files, so users see them all at once. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public void add(YamlNode at, String message) {
    list.add(new Problem(at.file(), at.line(), at.path(), message));
  }

  public void add(Problem problem) {
    list.add(problem);
  }

  /**
   * Adds the problems no problem already here covers: none in the same file at the same path, or at
   * a path inside or around it. How schema errors join the compilers' own, more specific messages
   * without saying the same thing twice.
   */
  public void addUncovered(Problems others) {
    List<Problem> existing = List.copyOf(list);
    for (Problem p : others.list) {
      boolean covered =
          existing.stream()
              .anyMatch(
                  e ->
                      e.file().equals(p.file())
                          && (nested(e.path(), p.path()) || nested(p.path(), e.path())));
      if (!covered) {
        list.add(p);
      }
    }
  }

  /** {@code inner} is {@code outer} or a path below it. */
  private static boolean nested(String inner, String outer) {
    if (!inner.startsWith(outer)) {
      return false;
    }
    if (inner.length() == outer.length() || outer.isEmpty()) {
      return !outer.isEmpty() || inner.isEmpty();
    }
    char next = inner.charAt(outer.length());
    return next == '.' || next == '[';
  }

  public int size() {
    return list.size();
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  /**
   * Files in the order they were read, each file's problems by line: the order users fix them in.
   */
  private List<Problem> sorted() {
    List<String> files = new ArrayList<>();
    for (Problem p : list) {
      if (!files.contains(p.file())) {
        files.add(p.file());
      }
    }
    List<Problem> out = new ArrayList<>(list);
    out.sort(
        java.util.Comparator.comparingInt((Problem p) -> files.indexOf(p.file()))
            .thenComparingInt(Problem::line));
    return out;
  }

  /** Throws a {@link RulesException} listing everything collected, if anything was. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new RulesException(sorted());
    }
  }
}
