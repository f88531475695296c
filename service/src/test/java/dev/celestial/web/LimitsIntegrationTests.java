package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every resource limit, lowered so a test can cross it: each refusal is a 4xx naming what was over,
 * and writes nothing. (A context of its own, for the lowered limits.)
 */
@IntegrationTest
@TestPropertySource(properties = {
        "celestial.ingest.max-records=3000", "celestial.ingest.chunk-size=100", "celestial.ingest.body-stall-timeout=1s",
        "celestial.query.max-limit=50", "celestial.query.max-radius-km=500", "celestial.query.max-box-degrees=10",
        "server.max-http-request-header-size=4KB", "server.netty.max-initial-line-length=2KB"})
@CleanEventTables
class LimitsIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @LocalServerPort
    int port;

    static String quakes(int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("{\"sourceId\":\"lim").append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":2,\"magnitude\":3}\n");
        }
        return body.toString();
    }

    WebTestClient.ResponseSpec post(String body) {
        return web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    @Test
    void aBatchOverMaxRecordsIs413AndWritesNothing() {
        post(quakes(3001)).expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("more than 3000 records"));
        assertThat(Rows.count("earthquakes")).isZero();
        post(quakes(3000)).expectStatus().isOk().expectBody().jsonPath("$.inserted").isEqualTo(3000);
    }

    @Test
    void aBodyThatStallsEndsAt408WritesNothingAndReturnsItsConnection() throws Exception {
        web.get().uri("/api/v1/earthquakes/x").exchange(); // makes the test client's key
        String line = quakes(1);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            // promises far more than it sends, then goes quiet
            out.write(("POST /api/v1/earthquakes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                    + "Authorization: Bearer " + TestKeys.allScopes(port) + "\r\nContent-Length: 100000\r\n\r\n" + line)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            long started = System.nanoTime();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            StringBuilder headers = new StringBuilder();
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                headers.append(l).append('\n');
            }
            System.out.printf("limits stalled-body: answered after %.1f s: %s%n", (System.nanoTime() - started) / 1e9, status);
            assertThat(status).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(headers.toString()).containsIgnoringCase("content-type: application/problem+json");
        }
        assertThat(Rows.count("earthquakes")).isZero();
        assertThat(Rows.query("SELECT outcome FROM celestial.ingestion_batches")).extracting(row -> row.get("outcome"))
                .containsExactly("rejected");
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isZero());
    }

    @Test
    void aBodyHeldBackByTheServiceItselfIsNotStalled() throws Exception {
        // another writer holds the table for twice the stall timeout (within the lock timeout) while the body,
        // thirty chunks of 100, waits behind its first chunk: that wait is the service's, not the sender's
        TestDatabase db = TestDatabase.get();
        try (java.sql.Connection lock = db.connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE celestial.earthquakes IN SHARE ROW EXCLUSIVE MODE");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(2000);
                    lock.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            post(quakes(3000)).expectStatus().isOk().expectBody().jsonPath("$.inserted").isEqualTo(3000);
            release.join();
        }
    }

    @Test
    void queriesOverTheirLimitsAre400NamingTheParameter() {
        expectBadParameter("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100&limit=51", "limit");
        expectBadParameter("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=501", "radiusKm");
        expectBadParameter("/api/v1/volcanic-activity/nearby?lat=0&lon=0&radiusKm=501", "radiusKm");
        expectBadParameter("/api/v1/earthquakes?minLat=0&maxLat=11&minLon=0&maxLon=1", "maxLat");
        expectBadParameter("/api/v1/earthquakes?minLat=0&maxLat=1&minLon=170&maxLon=-175", "maxLon");
        expectBadParameter("/api/v1/impact-risks?limit=51", "limit");
        expectBadParameter("/api/v1/solar-events?limit=51", "limit");
        // at the limits, and a narrow box across the antimeridian, are fine
        web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=500&limit=50").exchange().expectStatus().isOk();
        web.get().uri("/api/v1/earthquakes?minLat=0&maxLat=10&minLon=175&maxLon=-176").exchange().expectStatus().isOk();
        // the FDSN service keeps its specification's bounds
        web.get().uri("/fdsnws/event/1/count?latitude=0&longitude=0&maxradiuskm=5000").exchange().expectStatus().isOk();
    }

    void expectBadParameter(String uri, String parameter) {
        web.get().uri(uri).exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.parameter").isEqualTo(parameter);
    }

    @Test
    void oversizedHeadersAre431AndOverlongRequestLinesAre414() {
        web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1").header("X-Padding", "x".repeat(5000)).exchange()
                .expectStatus().isEqualTo(431);
        web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&cursor=" + "x".repeat(3000)).exchange()
                .expectStatus().isEqualTo(414);
    }
}
