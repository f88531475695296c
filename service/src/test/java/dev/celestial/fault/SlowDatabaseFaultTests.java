package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import io.r2dbc.pool.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Scenario 5: a lock held on the earthquakes table (ACCESS EXCLUSIVE on the primary, replayed to the
 * replica) stalls writes and reads; they end at their timeouts with 503 and 504 problem details, and
 * once the lock goes both pools serve again.
 */
@IntegrationTest
@Tag("fault")
@TestPropertySource(properties = {"celestial.ingest.lock-timeout=1s", "celestial.db.replica.statement-timeout=2s",
        "celestial.db.primary.statement-timeout=2s"})
@CleanEventTables
class SlowDatabaseFaultTests {

    static final byte[] QUAKE = "{\"sourceId\":\"slow\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n"
            .getBytes(StandardCharsets.UTF_8);

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @Autowired
    @Qualifier("readerPool")
    ConnectionPool readerPool;

    final TestDatabase db = TestDatabase.get();

    @Test
    void requestsEndAtTheirTimeoutsWhileATableIsLockedAndThePoolsRecover() throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        WebTestClient client = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=10").exchange().expectStatus().isOk();
        long started;
        try (Connection holder = db.connect(Node.PRIMARY, Role.SUPERUSER)) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE celestial.earthquakes IN ACCESS EXCLUSIVE MODE");
            // the lock reaches the replica with the WAL
            holder.createStatement().execute("SELECT pg_current_wal_lsn()");
            Thread.sleep(500);

            started = System.nanoTime();
            client.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue(QUAKE).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            double write = (System.nanoTime() - started) / 1e9;

            started = System.nanoTime();
            client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=10").exchange()
                    .expectStatus().isEqualTo(504)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            double read = (System.nanoTime() - started) / 1e9;
            System.out.printf("fault slow-database: locked write answered 503 after %.2f s, locked read answered 504 after %.2f s%n", write, read);
            holder.rollback();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isZero();
            assertThat(readerPool.getMetrics().orElseThrow().acquiredSize()).isZero();
        });
        client.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue(QUAKE).exchange().expectStatus().isOk();
        client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=10").exchange().expectStatus().isOk();
    }
}
