package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Readiness's primary check and the API-key reloads run on the control pool: uploads holding every
 * writer connection leave the instance ready and a revocation made elsewhere still takes effect.
 */
@IntegrationTest
class ControlPoolIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @LocalServerPort
    int port;

    @AfterEach
    void clean() {
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name = 'control-revoked'");
    }

    WebTestClient.ResponseSpec read(String key) {
        return web.get().uri("/api/v1/impact-risks").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }

    @Test
    void readinessAndRevocationsHoldWhileEveryWriterConnectionIsBusy() {
        String key = TestKeys.create(port, "control-revoked", "read");
        // once the replica monitor has found the replica, reads stay off the primary
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> read(key).expectStatus().isOk());
        int max = writerPool.getMetrics().orElseThrow().getMaxAllocatedSize();
        // what slow uploads do: every writer connection busy on the primary for longer than the test
        Disposable holders = Flux.range(0, max).flatMap(i -> writer.sql("SELECT pg_sleep(8)").then(), max).subscribe();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> writerPool.getMetrics().orElseThrow().acquiredSize() == max);

            // what another instance's DELETE does: the row alone
            TestDatabase.get().execute(TestDatabase.Role.OWNER,
                    "UPDATE celestial.api_clients SET revoked_at = now() WHERE name = 'control-revoked'");
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> read(key).expectStatus().isUnauthorized());

            web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components.primary.status").isEqualTo("UP")
                    .jsonPath("$.components.access.status").isEqualTo("UP");
            assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isEqualTo(max);
        } finally {
            holders.dispose();
        }
        // the sleeps run out on the server; their connections come back after
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> writerPool.getMetrics().orElseThrow().acquiredSize() == 0);
    }
}
