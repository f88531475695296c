package dev.celestial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rendered PrometheusRule's groups pass {@code promtool check rules}, and {@code promtool test rules}
 * (src/test/resources/k8s-rules) fires every alert on a synthetic series. promtool: Debian's prometheus package.
 */
class K8sAlertRulesTests {

    static final List<String> overlays = K8sManifests.OVERLAYS;

    @ParameterizedTest
    @FieldSource("overlays")
    void theRulesAreValidAndEveryAlertFiresInItsUnitTest(String overlay, @TempDir Path dir) throws IOException {
        JsonNode rule = K8sManifests.ofKind(K8sManifests.rendered(overlay), "PrometheusRule").get(0);
        ObjectNode groups = K8sManifests.YAML.createObjectNode();
        groups.set("groups", rule.path("spec").path("groups"));
        Files.writeString(dir.resolve("celestial-rules.yaml"), K8sManifests.YAML.writeValueAsString(groups));
        try (InputStream tests = getClass().getResourceAsStream("/k8s-rules/celestial-rules-test.yaml")) {
            Files.copy(tests, dir.resolve("celestial-rules-test.yaml"));
        }

        assertThat(K8sManifests.run(List.of("promtool", "check", "rules", dir.resolve("celestial-rules.yaml").toString())))
                .contains("SUCCESS");
        assertThat(K8sManifests.run(List.of("promtool", "test", "rules", dir.resolve("celestial-rules-test.yaml").toString())))
                .contains("SUCCESS");

        Set<String> alerts = new TreeSet<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asString())));
        Set<String> fired = new TreeSet<>();
        JsonNode unitTests = K8sManifests.YAML.readTree(dir.resolve("celestial-rules-test.yaml").toFile());
        for (JsonNode test : unitTests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    fired.add(check.path("alertname").asString());
                }
            }
        }
        assertThat(fired).isEqualTo(alerts);
        assertThat(alerts).hasSize(8);
    }
}
