package dev.celestial.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/monitoring/alerts.yml: valid for promtool, every alert fired by alerts.test.yml on synthetic
 * series, and the one source of k8s/'s PrometheusRule groups.
 */
class AlertRulesTests {

    static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(AlertRules.file("alerts.yml").getParent().toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("promtool is not installed (Debian: apt-get install prometheus; .ci/run does): " + e.getMessage());
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool %s took over 60 s", String.join(" ", args));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void promtoolAcceptsTheRulesAndTheLocalPrometheusConfig() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: " + AlertRules.rules().size() + " rules found");
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertFiresInThePromtoolUnitTests() throws Exception {
        assertThat(AlertRules.alertNames()).containsExactlyInAnyOrder("CelestialReplicationLagHigh", "CelestialConnectionsNearMax",
                "CelestialWalArchivingFailing", "CelestialBackupTooOld", "CelestialDiskUsageHigh", "CelestialPoolPendingAcquires",
                "CelestialReadFallbacks", "CelestialIngestFailures", "CelestialLatencyP99High");
        promtool("test", "rules", "alerts.test.yml");

        Set<String> fired = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        Map<String, Object> tests = (Map<String, Object>) AlertRules.load(AlertRules.file("alerts.test.yml"));
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : fired).add((String) check.get("alertname"));
            }
        }
        assertThat(fired).as("alerts some unit test expects to fire").containsExactlyInAnyOrderElementsOf(AlertRules.alertNames());
        assertThat(quiet).as("alerts some unit test expects to stay quiet").containsAll(AlertRules.alertNames());
    }

    /**
     * Every PrometheusRule under k8s/ (raw manifests or rendered output saved there) carries exactly the
     * groups of alerts.yml. Without a k8s/ directory there is nothing to compare and the test passes: the
     * Kubernetes manifests are merged separately, and from then on this holds them to the one source.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyKubernetesPrometheusRuleCarriesTheSameGroups() throws IOException {
        Path k8s = AlertRules.root().resolve("k8s");
        if (!Files.isDirectory(k8s)) {
            return;
        }
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(k8s)) {
            manifests = files.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml")).sorted().toList();
        }
        int rules = 0;
        for (Path manifest : manifests) {
            for (Object document : new Yaml().loadAll(Files.readString(manifest))) {
                if (document instanceof Map<?, ?> resource && "PrometheusRule".equals(resource.get("kind"))) {
                    rules++;
                    Object groups = ((Map<String, Object>) resource.get("spec")).get("groups");
                    assertThat(groups).as("spec.groups of the PrometheusRule in %s must equal deploy/monitoring/alerts.yml's groups",
                            k8s.getParent().relativize(manifest)).isEqualTo(AlertRules.groups());
                }
            }
        }
        assertThat(rules).as("a PrometheusRule under %s", k8s).isPositive();
    }
}
