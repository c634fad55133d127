package io.falcocorrelator.ingest;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes JSON answers; every error body is {@code {"error": "..."}} plus details. */
final class Responses {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Responses() {}

  static void json(HttpServerExchange ex, int status, JsonNode body) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(ByteBuffer.wrap(MAPPER.writeValueAsBytes(body)));
  }

  /** A JSON body already serialized. */
  static void raw(HttpServerExchange ex, int status, String json) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(json);
  }

  static void error(HttpServerExchange ex, int status, String message) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", message);
    json(ex, status, o);
  }
}
