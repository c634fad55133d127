package io.falcocorrelator.ingest;

import io.falcocorrelator.event.ItemError;
import io.falcocorrelator.metrics.Metrics;
import io.falcocorrelator.metrics.Rejection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to one {@code POST /} batch, and its counting: 200 with what was accepted and every
 * rejected item (the first ten explained against the JSON Schema), 400 when nothing was accepted,
 * 503 with {@code Retry-After} when the intake refused the batch.
 */
final class BatchAnswer {
  /** The answer to nearly every request Falco sends: one alert, accepted. */
  static final String ACCEPTED_ONE = "{\"accepted\":1,\"rejected\":0,\"errors\":[]}";

  private static final int MAX_LISTED_ERRORS = 100;
  private static final int MAX_EXPLAINED_ERRORS = 10;
  private final Metrics metrics;
  private final SchemaExplainer schema;

  BatchAnswer(Metrics metrics, SchemaExplainer schema) {
    this.metrics = metrics;
    this.schema = schema;
  }

  /**
   * Counts what a body held as read, before the intake decides: every item received, the bad ones
   * rejected by kind.
   */
  void counted(int accepted, List<ItemError> errors) {
    metrics.received(accepted + errors.size());
    if (!errors.isEmpty()) {
      boolean syntax = errors.stream().anyMatch(e -> e.kind() == ItemError.Kind.SYNTAX);
      metrics.rejected(syntax ? Rejection.INVALID_JSON : Rejection.INVALID_FIELD, errors.size());
    }
  }

  void empty(HttpServerExchange ex) {
    metrics.rejected(Rejection.EMPTY_BODY, 1);
    Responses.error(
        ex, 400, "empty body: send one Falco alert as JSON, a JSON array of alerts, or NDJSON");
  }

  /** Answers once the intake decided on the {@code accepted} alerts of {@code body}. */
  void send(
      HttpServerExchange ex,
      byte[] body,
      int accepted,
      List<ItemError> errors,
      Admission admission,
      long startNanos) {
    if (admission != Admission.ACCEPTED) {
      metrics.rejected(admission.rejection(), accepted);
      ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      Responses.error(
          ex, 503, "alerts not accepted (" + admission.rejection().label() + "): retry later");
      return;
    }
    metrics.accepted(accepted);
    if (errors.isEmpty()) {
      // The common answer, without building a tree.
      Responses.raw(
          ex,
          200,
          accepted == 1
              ? ACCEPTED_ONE
              : "{\"accepted\":" + accepted + ",\"rejected\":0,\"errors\":[]}");
    } else {
      Responses.json(ex, accepted == 0 ? 400 : 200, report(body, accepted, errors));
    }
    metrics.request(System.nanoTime() - startNanos);
  }

  private ObjectNode report(byte[] body, int accepted, List<ItemError> errors) {
    ObjectNode o = Responses.MAPPER.createObjectNode();
    o.put("accepted", accepted);
    o.put("rejected", errors.size());
    ArrayNode list = o.putArray("errors");
    for (int i = 0; i < errors.size() && i < MAX_LISTED_ERRORS; i++) {
      ItemError e = errors.get(i);
      ObjectNode n = list.addObject();
      n.put(e.locator().key(), e.position());
      n.put("field", e.field());
      n.put("reason", e.reason());
      if (i < MAX_EXPLAINED_ERRORS) {
        List<String> explained = schema.explain(body, e);
        if (!explained.isEmpty()) {
          explained.forEach(n.putArray("schema")::add);
        }
      }
    }
    return o;
  }
}
