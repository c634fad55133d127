package io.falcocorrelator.output;

import io.falcocorrelator.correlate.CompositeAlert;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON document shape for composites ({@code format:} on generic outputs): a pure builder, one
 * package per format and one line in {@link Formats}.
 */
public interface PayloadFormat {
  /** The name users write: {@code native}, {@code ocsf}, {@code ecs}. */
  String name();

  /** The document for one composite. Pure: no I/O, same input, same output. */
  ObjectNode document(CompositeAlert alert, FindingContext context);

  static PayloadFormat of(
      String name, BiFunction<CompositeAlert, FindingContext, ObjectNode> builder) {
    return new PayloadFormat() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ObjectNode document(CompositeAlert alert, FindingContext context) {
        return builder.apply(alert, context);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
