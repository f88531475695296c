package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.Forwarder;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Scenario 3: the service starts while its primary is unreachable (migrations run elsewhere, as a
 * {@code --migrate-only} Job). It stays up, live and not ready, and is ready within 5 s of the primary
 * appearing.
 */
@Tag("fault")
class PrimaryUnreachableAtStartFaultTests {

    @Test
    void liveButNotReadyUntilThePrimaryAppearsThenReadyWithinFiveSeconds() throws Exception {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> properties = db.serviceProperties();
        // the migration Job has run against the real primary
        String[] migrateArgs = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        CelestialApplication.migrate(migrateArgs).close();
        // the port the service reaches the primary on: the primary's own, or the pooler's in the suite's run through it
        String primaryUrl = (String) properties.get("celestial.db.primary.url");
        int primaryPort = URI.create(primaryUrl.substring("r2dbc:".length())).getPort();
        try (Forwarder primary = new Forwarder(primaryPort)) {
            properties.put("celestial.db.primary.url", primaryUrl.replace(":" + primaryPort + "/", ":" + primary.port() + "/"));
            properties.put("server.port", "0");
            properties.put("spring.flyway.enabled", "false");
            // as arguments: above application.yaml, as the environment would be
            String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CelestialApplication.class).run(args)) {
                WebTestClient web = WebTestClient.bindToServer(TestHttp.connector())
                        .baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port")).build();
                // some seconds with the primary away: up, live, not ready
                for (int i = 0; i < 3; i++) {
                    web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
                    web.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503)
                            .expectBody().jsonPath("$.components.primary.status").isEqualTo("DOWN");
                    Thread.sleep(1000);
                }
                assertThat(service.isRunning()).isTrue();

                primary.open();
                long appeared = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
                System.out.printf("fault primary-unreachable-at-start: live and not ready for 3 s; ready %.2f s after the primary appeared%n",
                        (System.nanoTime() - appeared) / 1e9);
            }
        }
    }
}
