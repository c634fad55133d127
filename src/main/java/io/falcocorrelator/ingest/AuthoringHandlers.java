package io.falcocorrelator.ingest;

import io.falcocorrelator.explain.Explainer;
import io.falcocorrelator.explain.ExplanationJson;
import io.falcocorrelator.rules.ReloadStatus;
import io.falcocorrelator.rules.RuleSet;
import io.falcocorrelator.rules.RulesCatalog;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/** The rule-authoring endpoints: {@code POST /api/v1/explain} and {@code GET /api/v1/rules}. */
final class AuthoringHandlers {
  /** An explanation is for a few alerts, not a stream. */
  static final int MAX_EXPLAIN_BYTES = 1 << 20;

  private AuthoringHandlers() {}

  /**
   * {@code POST /api/v1/explain}: the body as the receiver takes it (one alert, an array, NDJSON);
   * the rules in force.
   */
  static HttpHandler explain(Supplier<RuleSet> rules) {
    return ex -> {
      if (ex.isInIoThread()) {
        ex.dispatch(explain(rules));
        return;
      }
      ex.startBlocking();
      byte[] body;
      try (InputStream in = ex.getInputStream()) {
        body = in.readNBytes(MAX_EXPLAIN_BYTES + 1);
      } catch (IOException e) {
        Responses.error(ex, 400, "could not read the request body");
        return;
      }
      if (body.length > MAX_EXPLAIN_BYTES) {
        ex.setPersistent(false);
        Responses.error(
            ex, 413, "explain takes at most " + (MAX_EXPLAIN_BYTES >> 20) + " MiB of alerts");
        return;
      }
      Explainer.Result result = new Explainer(rules.get()).explain(body);
      if (result.alerts().isEmpty() && result.errors().isEmpty()) {
        Responses.error(ex, 400, "no alert in the body: send one alert, a JSON array or NDJSON");
        return;
      }
      Responses.json(ex, result.alerts().isEmpty() ? 400 : 200, ExplanationJson.toJson(result));
    };
  }

  /** {@code GET /api/v1/rules}: mappings and cases with file:line and hits, the last reload. */
  static HttpHandler rules(Supplier<RuleSet> rules, Supplier<Optional<ReloadStatus>> lastReload) {
    return ex -> Responses.json(ex, 200, RulesCatalog.toJson(rules.get(), lastReload.get()));
  }
}
