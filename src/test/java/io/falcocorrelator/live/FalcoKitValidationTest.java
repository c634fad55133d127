package io.falcocorrelator.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The kit validated offline by the real Falco 0.40 ({@code falco -V}, no kernel access): the custom
 * rules load after the stock rules without errors or warnings, and the config drop-in passes
 * Falco's schema check (an unknown key such as 0.41's json_include_output_fields_property fails
 * it).
 */
@Tag("live")
class FalcoKitValidationTest {

  @Test
  void theRealFalcoLoadsTheKitWithoutErrorsOrWarnings() throws Exception {
    LivePrerequisites.requireFalcoOrSkip();
    Path rules = LivePrerequisites.SHARED.resolve("rules");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "falco",
                "-c",
                LivePrerequisites.SHARED.resolve("falco-0.40.0-default.yaml").toString(),
                "-o",
                "config_files=" + LiveFalco.KIT.resolve("falco.yaml").toAbsolutePath(),
                "-o",
                "json_output=true"));
    for (Path f :
        List.of(
            rules.resolve("falco_rules.yaml"),
            rules.resolve("falco-incubating_rules.yaml"),
            rules.resolve("falco-sandbox_rules.yaml"),
            LiveFalco.KIT.resolve("container-escape-rules.yaml"))) {
      cmd.addAll(List.of("-V", f.toString()));
    }
    BoundedProcess.Result r = BoundedProcess.run("falco -V", Duration.ofSeconds(60), Map.of(), cmd);
    String all = r.stdout() + "\n" + r.stderr();
    assertThat(r.exitCode()).as(all).isZero();
    assertThat(all)
        .as("the drop-in's schema check")
        .contains("falco-config/falco.yaml | schema validation: ok");
    String json =
        all.lines()
            .filter(l -> l.startsWith("{\"falco_load_results\""))
            .findFirst()
            .orElseThrow(() -> new AssertionError(all));
    JsonNode results = LiveFalcoTest.MAPPER.readTree(json).path("falco_load_results");
    assertThat(results).hasSize(4);
    for (JsonNode file : results) {
      assertThat(file.path("successful").asBoolean()).as(file.toString()).isTrue();
      assertThat(file.path("errors")).as(file.toString()).isEmpty();
    }
    JsonNode kit = results.get(3);
    assertThat(kit.path("name").asString()).endsWith("container-escape-rules.yaml");
    assertThat(kit.path("warnings")).as(kit.toString()).isEmpty();
    assertThat(kit.path("schema_warnings")).as(kit.toString()).isEmpty();
  }
}
