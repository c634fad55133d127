package io.falcocorrelator.output;

import java.net.http.HttpClient;

/** What sinks share: one HTTP client (connection reuse, timeouts). */
public record SinkContext(HttpClient http) {}
