package io.falcocorrelator.output.file;

import io.falcocorrelator.correlate.codec.CompositeJson;
import io.falcocorrelator.output.Delivery;
import io.falcocorrelator.output.Formats;
import io.falcocorrelator.output.OutputConfig;
import io.falcocorrelator.output.PayloadFormat;
import io.falcocorrelator.output.Sink;
import io.falcocorrelator.output.SinkContext;
import io.falcocorrelator.output.SinkFactory;
import io.falcocorrelator.yaml.ConfigValues;
import io.falcocorrelator.yaml.YamlNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NDJSON, one composite per line (native, OCSF or ECS), appended to {@code path} (or {@code -} for
 * stdout).
 */
public record FileSettings(Optional<Path> path, PayloadFormat format)
    implements OutputConfig.SinkSettings {
  public static final SinkFactory FACTORY =
      SinkFactory.of("file", List.of("path", Formats.KEY), FileSettings::parse);

  private static OutputConfig.SinkSettings parse(
      YamlNode entry, Map<String, YamlNode> keys, ConfigValues values) {
    Optional<String> p = values.required(keys, entry, "path");
    return new FileSettings(
        p.filter(s -> !s.equals("-")).flatMap(s -> values.path(keys.get("path"))),
        Formats.parse(keys, values, Formats.NATIVE));
  }

  @Override
  public Sink create(SinkContext context) {
    return alert -> {
      byte[] line =
          (CompositeJson.MAPPER.writeValueAsString(format.document(alert, context.finding(alert)))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      if (path.isEmpty()) {
        synchronized (System.out) {
          System.out.write(line, 0, line.length);
          System.out.flush();
        }
        return Delivery.DELIVERED;
      }
      try (OutputStream out =
          Files.newOutputStream(path.get(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.write(line);
        return Delivery.DELIVERED;
      } catch (IOException e) {
        return Delivery.retry(
            "cannot write " + path.get().getFileName() + ": " + e.getClass().getSimpleName());
      }
    };
  }

  @Override
  public String toString() {
    return "path=" + path.map(Path::toString).orElse("-") + " format=" + format;
  }
}
