package dev.celestial.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Where reads go when the replica is lost, lags, or has not yet replayed a write the reader has seen. */
@IntegrationTest
class ReadRoutingIntegrationTests {

    static final String NEARBY = "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1000";

    @Autowired
    WebTestClient web;

    final TestDatabase db = TestDatabase.get();

    @AfterEach
    void clean() throws Exception {
        replay("resume");
        db.cleanEventTables();
    }

    void replay(String verb) throws Exception {
        if (db.controllable()) {
            try (Connection replica = db.connect(Node.REPLICA, Role.SUPERUSER)) {
                replica.createStatement().execute("SELECT pg_wal_replay_" + verb + "()");
            } catch (java.sql.SQLException e) {
                if (!"resume".equals(verb)) {
                    throw e;
                }
            }
        }
    }

    String ingest(String id) {
        String line = "{\"sourceId\":\"" + id + "\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":0,\"longitude\":0,\"magnitude\":4}\n";
        return web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(line.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    EntityExchangeResult<String> read(String uri, String token) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri);
        if (token != null) {
            request = request.header("Consistency-Token", token);
        }
        return request.exchange().expectStatus().isOk().expectBody(String.class).returnResult();
    }

    static String servedBy(EntityExchangeResult<String> result) {
        return result.getResponseHeaders().getFirst(ReadRouter.SERVED_BY);
    }

    @Test
    void readsGoToTheReplicaByDefault() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        web.get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .value(body -> assertThat(body).contains("celestial_reads_total{target=\"replica\"}", "celestial_replica_lag_bytes"));
    }

    @Test
    void aStoppedReplicaSendsReadsToThePrimaryUntilItIsBack() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        db.stop(Node.REPLICA, "immediate");
        try {
            // the first read may still pick the replica, fail to connect, and be retried on the primary;
            // that failure marks the replica unreachable at once, before the monitor's next sample
            assertThat(servedBy(read(NEARBY, null))).isEqualTo("primary");
            web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.routing.details.readsGoTo").isEqualTo("primary")
                    .jsonPath("$.components.routing.details.reason").isEqualTo("unreachable");
            for (int i = 0; i < 20; i++) {
                assertThat(servedBy(read(NEARBY, null))).isEqualTo("primary");
            }
        } finally {
            db.startAll();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
    }

    @Test
    void aReplicaLaggingBeyondMaxLagSendsReadsToThePrimaryAndTheyReturnWhenItCatchesUp() throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        replay("pause");
        ingest("lagging");
        // under max-lag (2 s) reads stay on the replica; beyond it they move
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "primary".equals(servedBy(read(NEARBY, null))));
        assertThat(read(NEARBY, null).getResponseBody()).contains("lagging");
        replay("resume");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        assertThat(read(NEARBY, null).getResponseBody()).contains("lagging");
    }

    @Test
    void aReadWithTheTokenOfAWriteSeesItEvenWhileTheReplicaLags() throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        replay("pause");
        String token = ingest("mine");
        EntityExchangeResult<String> withToken = read("/api/v1/earthquakes/mine", token);
        assertThat(servedBy(withToken)).isEqualTo("primary");
        assertThat(withToken.getResponseBody()).contains("\"mine\"");
        // without it the read stays on the (briefly) lagging replica, which has not seen the write
        EntityExchangeResult<String> without = read(NEARBY, null);
        assertThat(servedBy(without)).isEqualTo("replica");
        assertThat(without.getResponseBody()).doesNotContain("mine");
        replay("resume");
        // once replayed, the token is served by the replica
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(servedBy(read("/api/v1/earthquakes/mine", token))));
    }

    @Test
    void aTokenAheadOfThePrimarysWalIsRefusedAndNeverWaitedFor() {
        // (while reads go to the primary anyway a token is not looked at: nothing waits for it there)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "replica".equals(servedBy(read(NEARBY, null))));
        String token = ingest("real");
        long wal = Long.parseUnsignedLong(token.substring(0, token.indexOf('/')), 16);
        for (String forged : List.of((Long.toHexString(wal + 1).toUpperCase()) + "/0", "FFFFFFFF/FFFFFFFF")) {
            web.get().uri("/api/v1/earthquakes/real").header("Consistency-Token", forged).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.parameter").isEqualTo("consistencyToken");
        }
        // the write's own token still reads
        assertThat(read("/api/v1/earthquakes/real", token).getResponseBody()).contains("\"real\"");
    }
}
