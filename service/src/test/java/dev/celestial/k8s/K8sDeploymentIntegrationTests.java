package dev.celestial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.Forwarder;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The service started with the prod Deployment's environment, as the pod would get it (secrets resolved to
 * the test database's roles, the poolers' host and port to the test primary and replica, the URLs' driver
 * options kept): the probe paths answer on the probed port without a key, the scrape path is open, and every
 * service metric the alert rules query is there.
 */
class K8sDeploymentIntegrationTests {

    @Test
    void theDeploymentsEnvironmentStartsAServiceWhoseProbesAndMetricsTheManifestsUse() throws Exception {
        TestDatabase db = TestDatabase.get();
        // the Job's part: migrated before the pods start
        CelestialApplication.migrate(db.serviceProperties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new)).close();

        JsonNode container = K8sInvariantsTests.container(K8sInvariantsTests.deployment("prod"));
        try (Forwarder replica = new Forwarder(db.port(Node.REPLICA))) {
            Map<String, Object> env = new LinkedHashMap<>();
            K8sEnvironment.env(container).forEach((name, value) -> env.put(name, resolve(db, name, value, replica.port())));
            assertThat(env.get("CELESTIAL_MIGRATE_ON_START")).isEqualTo("false");
            env.put("SERVER_PORT", "0");
            // test only: a read without a key, to see where reads go; a short warm-up before readiness
            env.put("CELESTIAL_PUBLIC_READS", "true");
            env.put("CELESTIAL_WARMUP_DURATION", "2s");

            StandardEnvironment environment = new StandardEnvironment();
            MutablePropertySources sources = environment.getPropertySources();
            sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
            sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CelestialApplication.class).environment(environment).run()) {
                WebTestClient web = WebTestClient.bindToServer(TestHttp.connector()).responseTimeout(Duration.ofSeconds(20))
                        .baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port")).build();
                for (String probe : Set.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String path = container.path(probe).path("httpGet").path("path").asString();
                    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri(path).exchange().expectStatus().isOk());
                }
                // the replica is away at first: reads fall back to the primary, through the rw pooler's URL
                web.get().uri("/api/v1/earthquakes?minLat=0&maxLat=1&minLon=0&maxLon=1").exchange().expectStatus().isOk().expectHeader().valueEquals("Served-By", "primary");
                replica.open();
                Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        web.get().uri("/api/v1/earthquakes?minLat=0&maxLat=1&minLon=0&maxLon=1").exchange().expectStatus().isOk().expectHeader().valueEquals("Served-By", "replica"));

                String scrape = web.get().uri(K8sManifests.one(K8sManifests.rendered("prod"), "ServiceMonitor", "celestial")
                        .path("spec").path("endpoints").get(0).path("path").asString())
                        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
                assertThat(serviceMetricsTheAlertsUse()).isNotEmpty().allSatisfy(metric ->
                        assertThat(scrape).as(metric).containsPattern("(?m)^" + Pattern.quote(metric) + "\\{"));
                assertThat(scrape).contains("r2dbc_pool_pending_connections{name=\"writerPool\"").contains("r2dbc_pool_pending_connections{name=\"readerPool\"");
            }
        }
    }

    /** Metric names in the service group's alert expressions (the database group's come from CNPG). */
    static Set<String> serviceMetricsTheAlertsUse() {
        Set<String> metrics = new TreeSet<>();
        JsonNode rule = K8sManifests.ofKind(K8sManifests.rendered("prod"), "PrometheusRule").get(0);
        for (JsonNode group : rule.path("spec").path("groups")) {
            if (group.path("name").asString().equals("celestial-service")) {
                for (JsonNode alert : group.path("rules")) {
                    Matcher m = Pattern.compile("([a-z_][a-z0-9_]*)\\{").matcher(alert.path("expr").asString());
                    while (m.find()) {
                        metrics.add(m.group(1));
                    }
                }
            }
        }
        return metrics;
    }

    private static String resolve(TestDatabase db, String name, String value, int replicaPort) {
        if (value.startsWith("secret:")) {
            return switch (value) {
                case "secret:celestial-db-writer/username" -> db.user(Role.WRITER);
                case "secret:celestial-db-writer/password" -> db.password(Role.WRITER);
                case "secret:celestial-db-reader/username" -> db.user(Role.READER);
                case "secret:celestial-db-reader/password" -> db.password(Role.READER);
                case "secret:celestial-app/cursor-key" -> "k8s-test-cursor-key-0123456789abcdef0123456789";
                case "secret:celestial-app/bootstrap-admin-key" -> TestKeys.ADMIN;
                default -> throw new AssertionError(name + ": no test value for " + value);
            };
        }
        if (value.startsWith("r2dbc:")) {
            URI url = URI.create(value.substring("r2dbc:".length()));
            int port = name.contains("REPLICA") ? replicaPort : db.port(Node.PRIMARY);
            return "r2dbc:postgresql://127.0.0.1:" + port + "/" + db.database() + (url.getQuery() == null ? "" : "?" + url.getQuery());
        }
        return value;
    }
}
