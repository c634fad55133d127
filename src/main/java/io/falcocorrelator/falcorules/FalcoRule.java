package io.falcocorrelator.falcorules;

import java.util.Set;

/**
 * A Falco rule as the rules files the user runs define it, after every later {@code append}, {@code
 * override} and {@code enabled} item has been applied.
 *
 * @param origin {@code file:line} of the item that defined it
 * @param disabledAt {@code file:line} of the item that disabled it, or null when enabled
 * @param outputFields the fields its {@code output} prints ({@code %proc.name} gives {@code
 *     proc.name})
 */
public record FalcoRule(
    String name,
    String origin,
    String source,
    Set<String> tags,
    Set<String> outputFields,
    String disabledAt) {
  public FalcoRule {
    tags = Set.copyOf(tags);
    outputFields = Set.copyOf(outputFields);
  }

  public boolean enabled() {
    return disabledAt == null;
  }
}
