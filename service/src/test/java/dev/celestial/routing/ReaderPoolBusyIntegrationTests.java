package dev.celestial.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import java.sql.Connection;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Every reader connection busy is a busy replica, not a lost one: a read that cannot get a connection
 * within {@code max-acquire-time} is answered 503 instead of spilling onto the primary, and the replica
 * monitor, on its own connections, keeps seeing the replica and keeps reads on it.
 */
@IntegrationTest
@TestPropertySource(properties = {"celestial.db.replica.pool.initial-size=2", "celestial.db.replica.pool.max-size=2",
        "celestial.db.replica.pool.max-acquire-time=500ms", "celestial.db.health-timeout=500ms"})
class ReaderPoolBusyIntegrationTests {

    static final String NEARBY = "/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=10";

    @Autowired
    WebTestClient web;

    @Autowired
    ReadRouter router;

    @Autowired
    ReplicaMonitor monitor;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("reader")
    DatabaseClient reader;

    @Autowired
    @Qualifier("readerPool")
    ConnectionPool readerPool;

    double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aReadThatFindsEveryReaderConnectionBusyIsRefusedAndTheReplicaStaysInUse() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> router.unusable(monitor.state()) == null);
        // both reader connections sleep on the replica for 3 s
        Disposable holders = Flux.range(0, 2).flatMap(i -> reader.sql("SELECT pg_sleep(3)").then()).subscribe();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> readerPool.getMetrics().orElseThrow().acquiredSize() == 2);
            double fallbacks = count("celestial.read.fallbacks");

            web.get().uri(NEARBY).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectHeader().valueEquals(ReadRouter.SERVED_BY, "replica")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").value(type -> assertThat((String) type).endsWith("/database-busy"));

            // more than three monitor intervals while the pool stays full: every sample still reaches the replica
            Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                    .until(() -> router.unusable(monitor.state()) == null);
            assertThat(readerPool.getMetrics().orElseThrow().acquiredSize()).isEqualTo(2);
            assertThat(count("celestial.read.fallbacks")).isEqualTo(fallbacks);
        } finally {
            holders.dispose();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get().uri(NEARBY).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(ReadRouter.SERVED_BY, "replica"));
    }

    @Test
    void aTokenWaitThatGetsNoReaderConnectionIsRefusedNotSentToThePrimary() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> router.unusable(monitor.state()) == null);
        TestDatabase db = TestDatabase.get();
        try (Connection replica = db.connect(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER)) {
            replica.createStatement().execute("SELECT pg_wal_replay_pause()");
            String token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue("{\"sourceId\":\"busy1\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":0,\"longitude\":0,\"magnitude\":4}\n")
                    .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
            Disposable holders = Flux.range(0, 2).flatMap(i -> reader.sql("SELECT pg_sleep(3)").then()).subscribe();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> readerPool.getMetrics().orElseThrow().acquiredSize() == 2);
                double primaryReads = count("celestial.reads", "primary");
                web.get().uri("/api/v1/earthquakes/busy1").header("Consistency-Token", token).exchange()
                        .expectStatus().isEqualTo(503)
                        .expectHeader().exists("Retry-After")
                        .expectBody().jsonPath("$.type").value(type -> assertThat((String) type).endsWith("/database-busy"));
                assertThat(count("celestial.reads", "primary")).isEqualTo(primaryReads);
            } finally {
                holders.dispose();
            }
        } finally {
            try (Connection replica = db.connect(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER)) {
                replica.createStatement().execute("SELECT pg_wal_replay_resume()");
            }
            db.cleanEventTables();
        }
    }

    double count(String name, String target) {
        return meters.find(name).tag("target", target).counters().stream().mapToDouble(Counter::count).sum();
    }
}
