package io.falcocorrelator.live;

/** Falco's {@code rule_matching}: the kit ships {@code all}; {@code first} is Falco's default. */
enum RuleMatching {
  ALL("all"),
  FIRST("first");

  final String value;

  RuleMatching(String value) {
    this.value = value;
  }
}
