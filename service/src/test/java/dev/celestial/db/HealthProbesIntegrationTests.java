package dev.celestial.db;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Kubernetes probes: liveness never depends on the database, readiness on the primary only. */
@IntegrationTest
class HealthProbesIntegrationTests {

    @Autowired
    WebTestClient web;

    final TestDatabase db = TestDatabase.get();

    @LocalServerPort
    int port;

    WebTestClient.ResponseSpec get(String path) {
        return web.get().uri(path).exchange();
    }

    @Test
    void readinessIsUpWithPrimaryAndReplicaShownAsDetails() {
        get("/actuator/health/readiness").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.primary.status").isEqualTo("UP")
                .jsonPath("$.components.access.status").isEqualTo("UP")
                .jsonPath("$.components.replica.status").isEqualTo("UP")
                .jsonPath("$.components.replica.details.inRecovery").isEqualTo(true);
    }

    @Test
    void probesAnswerAnyoneButOnlyAnAdminKeySeesDetails() {
        WebTestClient bare = web.mutate().filters(filters -> filters.clear()).build();
        for (String key : new String[] {null, "cel_unknown", TestKeys.create(port, "health-read", "read", "ingest")}) {
            WebTestClient.RequestHeadersSpec<?> request = bare.get().uri("/actuator/health/readiness");
            if (key != null) {
                request = request.header("Authorization", "Bearer " + key);
            }
            request.exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.replica.status").isEqualTo("UP")
                    .jsonPath("$.components.replica.details").doesNotExist();
        }
        bare.get().uri("/actuator/health/readiness").header("Authorization", "Bearer " + TestKeys.ADMIN).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.components.replica.details.inRecovery").isEqualTo(true);
    }

    @Test
    void livenessIsUp() {
        get("/actuator/health/liveness").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.primary").doesNotExist();
    }

    @Test
    void prometheusExposesEveryPool() {
        get("/actuator/prometheus").expectStatus().isOk().expectBody(String.class).value(body -> org.assertj.core.api.Assertions
                .assertThat(body).contains("r2dbc_pool_max_allocated_connections{name=\"writerPool\"} 10.0",
                        "r2dbc_pool_max_allocated_connections{name=\"readerPool\"} 4.0",
                        "r2dbc_pool_max_allocated_connections{name=\"replicaProbePool\"} 2.0",
                        "r2dbc_pool_max_allocated_connections{name=\"controlPool\"} 2.0"));
    }

    @Test
    void losingTheReplicaKeepsTheServiceReady() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        db.stop(Node.REPLICA, "immediate");
        try {
            get("/actuator/health/readiness").expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.replica.status").isEqualTo("DEGRADED")
                    .jsonPath("$.components.replica.details.error").exists();
        } finally {
            db.startAll();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("/actuator/health/readiness")
                .expectBody().jsonPath("$.components.replica.status").isEqualTo("UP"));
    }

    @Test
    void losingThePrimaryMakesTheServiceUnreadyButLeavesItLive() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        db.stop(Node.PRIMARY, "fast");
        try {
            get("/actuator/health/readiness").expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.status").isEqualTo("DOWN")
                    .jsonPath("$.components.primary.status").isEqualTo("DOWN");
            get("/actuator/health/liveness").expectStatus().isOk();
        } finally {
            db.startAll();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> get("/actuator/health/readiness")
                .expectStatus().isOk());
    }
}
