package dev.celestial.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An instance warms up before it reports ready: readiness is 503 while it reads from itself, then 200; its reads
 * were answered; its key is refused once the warm-up is over.
 */
class WarmupIntegrationTests {

    @Test
    void notReadyWhileWarmingUpThenReadyAndTheWarmupKeyIsRefused() {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> properties = db.serviceProperties();
        properties.put("celestial.warmup.duration", "3s");
        properties.put("celestial.access.bootstrap-admin-key", TestKeys.ADMIN);
        properties.put("server.port", "0");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CelestialApplication.class).run(args)) {
            WebTestClient web = WebTestClient.bindToServer(TestHttp.connector()).responseTimeout(Duration.ofSeconds(10))
                    .baseUrl("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port")).build();
            web.get().uri("/actuator/health/readiness").header("Authorization", "Bearer " + TestKeys.ADMIN).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.components.warmup.status").isEqualTo("DOWN")
                    .jsonPath("$.components.warmup.details.reason").isEqualTo("warming up");
            String key = service.getBean(Warmup.class).key();
            assertThat(key).startsWith("cel_");

            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
            web.get().uri("/actuator/health/readiness").header("Authorization", "Bearer " + TestKeys.ADMIN).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.components.warmup.details.failed").isEqualTo(0)
                    .jsonPath("$.components.warmup.details.reads").value(reads -> assertThat(((Number) reads).longValue()).isGreaterThan(10));
            web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10").header("Authorization", "Bearer " + key).exchange()
                    .expectStatus().isUnauthorized();
        }
    }
}
