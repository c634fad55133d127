package io.falcocorrelator.falcoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.falcocorrelator.config.ServerConfig;
import io.falcocorrelator.config.ServerConfigLoader;
import io.falcocorrelator.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes manifests reference real config keys, ports, paths and endpoints. */
@SuppressWarnings("unchecked")
class DeployTest {
  static final Path MANIFEST = Path.of("deploy/kubernetes/falco-correlator.yaml");

  static Map<String, Map<String, Object>> byKindAndName() throws Exception {
    Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
    for (Object doc :
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(MANIFEST))) {
      Map<String, Object> m = (Map<String, Object>) doc;
      out.put(m.get("kind") + "/" + ((Map<String, Object>) m.get("metadata")).get("name"), m);
    }
    return out;
  }

  static Object at(Object node, String... path) {
    Object cur = node;
    for (String p : path) {
      cur =
          cur instanceof List
              ? ((List<Object>) cur).get(Integer.parseInt(p))
              : ((Map<String, Object>) cur).get(p);
    }
    return cur;
  }

  @Test
  void manifestsAreConsistent(@TempDir Path dir) throws Exception {
    var docs = byKindAndName();
    assertThat(docs)
        .containsKeys(
            "Secret/falco-correlator",
            "ConfigMap/falco-correlator-config",
            "Deployment/falco-correlator",
            "Service/falco-correlator",
            "ConfigMap/falco-correlator-rules-local");
    Map<String, Object> deployment = docs.get("Deployment/falco-correlator");
    Map<String, Object> container =
        (Map<String, Object>) at(deployment, "spec", "template", "spec", "containers", "0");
    assertThat((List<String>) container.get("args"))
        .containsExactly("serve", "--config", "/etc/falco-correlator/falco-correlator.yaml");
    assertThat(at(container, "ports", "0", "containerPort")).isEqualTo(2804);
    assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
    assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
    assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
        .isEqualTo(true);
    assertThat(at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
        .isEqualTo("2804");
    assertThat(at(docs.get("Service/falco-correlator"), "spec", "ports", "0", "port"))
        .isEqualTo(2804);

    // The config the Deployment mounts loads, with the secret files where the Secret is mounted.
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Map<String, Object> secret =
        (Map<String, Object>) docs.get("Secret/falco-correlator").get("stringData");
    Path secrets = Files.createDirectories(etc.resolve("secrets"));
    Files.writeString(secrets.resolve("password"), String.valueOf(secret.get("password")));
    Files.writeString(secrets.resolve("token"), String.valueOf(secret.get("token")));
    String config =
        String.valueOf(
                at(docs.get("ConfigMap/falco-correlator-config"), "data", "falco-correlator.yaml"))
            .replace("/etc/falco-correlator/", etc.toString() + "/");
    Path configFile = etc.resolve("falco-correlator.yaml");
    Files.writeString(configFile, config);
    ServerConfig loaded =
        ServerConfigLoader.load(
            configFile,
            k ->
                k.equals("SLACK_WEBHOOK_URL")
                    ? String.valueOf(secret.get("slack-webhook-url"))
                    : null);
    assertThat(loaded.outputs().routes()).extracting(r -> r.type()).containsExactly("slack");
    assertThat(loaded.outputs().spoolDir()).isEqualTo(Path.of("/var/lib/falco-correlator/spool"));
    assertThat(loaded.state().dir()).contains(Path.of("/var/lib/falco-correlator/state"));
    assertThat(loaded.listen().port()).isEqualTo(2804);
    assertThat(loaded.auth().basicPassword().matches("CHANGE-ME")).isTrue();
    assertThat(loaded.rules().dir()).contains(etc.resolve("rules"));
    List<String> mounts = new ArrayList<>();
    for (Object m : (List<Object>) container.get("volumeMounts")) {
      mounts.add(String.valueOf(((Map<String, Object>) m).get("mountPath")));
    }
    assertThat(mounts)
        .contains(
            "/etc/falco-correlator/falco-correlator.yaml",
            "/etc/falco-correlator/secrets",
            "/etc/falco-correlator/rules",
            "/var/lib/falco-correlator/spool",
            "/var/lib/falco-correlator/state");

    // The shipped rules plus the local exceptions file form a valid rules directory.
    Path rules = Files.createDirectories(etc.resolve("rules"));
    Files.copy(Path.of("rules-yaml/mappings.yaml"), rules.resolve("mappings.yaml"));
    Files.copy(Path.of("rules-yaml/cases.yaml"), rules.resolve("cases.yaml"));
    int shipped = RulesLoader.fromDirectory(rules).classifier().exceptions().size();
    Files.writeString(
        rules.resolve("zz-local.yaml"),
        String.valueOf(
            at(docs.get("ConfigMap/falco-correlator-rules-local"), "data", "zz-local.yaml")));
    assertThat(RulesLoader.fromDirectory(rules).classifier().exceptions()).hasSize(shipped + 1);
  }

  @Test
  void theSystemdUnitAndDockerfileRunTheServeCommand() throws Exception {
    String unit = Files.readString(Path.of("deploy/systemd/falco-correlator.service"));
    assertThat(unit)
        .contains(
            "-jar /opt/falco-correlator/falco-correlator.jar serve --config /etc/falco-correlator/falco-correlator.yaml")
        .contains("ExecReload=/bin/kill -HUP $MAINPID")
        .contains("KillSignal=SIGTERM");
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile)
        .contains("target/falco-correlator.jar")
        .contains("USER 65532")
        .contains("EXPOSE 2804")
        .contains("CMD [\"serve\"]");
  }
}
