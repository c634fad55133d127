package io.falcocorrelator.ingest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.falcocorrelator.event.ItemError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert JSON Schema shipped in the jar (served at {@code /schema/falco-alert.json}) and used to
 * explain rejected items. Accepted alerts never pay for it: the hot path binds directly with the
 * streaming parser, and only a failure is validated against the schema for its messages.
 */
public final class SchemaExplainer {
  public static final String RESOURCE = "/schema/falco-alert.json";
  private static final int MAX_MESSAGES = 5;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final byte[] schemaBytes;
  private final Schema schema;

  public SchemaExplainer() {
    try (InputStream in = SchemaExplainer.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema missing from the jar: " + RESOURCE);
      }
      schemaBytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(new String(schemaBytes, StandardCharsets.UTF_8));
  }

  public byte[] schemaBytes() {
    return schemaBytes.clone();
  }

  /** Schema messages for one JSON document; empty when valid or not JSON at all. */
  public List<String> explain(JsonNode item) {
    List<String> out = new ArrayList<>();
    for (Error e : schema.validate(item)) {
      if (out.size() == MAX_MESSAGES) {
        break;
      }
      out.add(e.getInstanceLocation() + ": " + e.getMessage());
    }
    return out;
  }

  /**
   * Schema messages for the item of {@code body} that {@code error} is about: the line of an NDJSON
   * body, the element of an array, or the whole body.
   */
  public List<String> explain(byte[] body, ItemError error) {
    try {
      if (error.locator() == ItemError.Locator.INDEX) {
        JsonNode root = mapper.readTree(body);
        JsonNode item = root.isArray() ? root.get((int) error.position()) : null;
        return item == null ? List.of() : explain(item);
      }
      byte[] line = line(body, (int) error.position());
      JsonNode item;
      try {
        item = mapper.readTree(line);
      } catch (JacksonException e) {
        item = mapper.readTree(body);
      }
      return item == null || !item.isObject() ? List.of() : explain(item);
    } catch (JacksonException | IndexOutOfBoundsException e) {
      return List.of();
    }
  }

  private static byte[] line(byte[] body, int number) {
    int start = 0;
    for (int n = 1; n < number; n++) {
      while (start < body.length && body[start] != '\n') {
        start++;
      }
      start++;
    }
    int end = start;
    while (end < body.length && body[end] != '\n') {
      end++;
    }
    byte[] out = new byte[Math.max(0, end - start)];
    System.arraycopy(body, Math.min(start, body.length), out, 0, out.length);
    return out;
  }
}
