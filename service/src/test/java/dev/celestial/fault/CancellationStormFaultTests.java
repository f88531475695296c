package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Scenario 4: 10,000 requests cancelled mid-stream, half uploads and half queries; nothing leaks, nothing sticks. */
@IntegrationTest
@Tag("fault")
class CancellationStormFaultTests {

    static final int REQUESTS = 10_000;

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @Autowired
    @Qualifier("readerPool")
    ConnectionPool readerPool;

    @LocalServerPort
    int port;

    /** Uploads are spread over this many clients, so the per-client rate limit turns none away. */
    static final int CLIENTS = 100;

    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'storm-%'");
    }

    @Test
    void tenThousandCancelledRequestsLeakNoConnectionAndLeaveThePoolsServing() {
        StringBuilder quakes = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            quakes.append("{\"sourceId\":\"cs").append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":")
                    .append(-60 + i * 0.06).append(",\"longitude\":0,\"magnitude\":4,\"place\":\"").append("x".repeat(200)).append("\"}\n");
        }
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(quakes.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
        long stored = Rows.count("earthquakes");
        // the storm's own client connections, so whatever cutting them off leaves in a client pool stays out of the checks after it
        ConnectionProvider stormConnections = ConnectionProvider.create("storm", 64);
        ReactorClientHttpConnector storm = new ReactorClientHttpConnector(HttpClient.create(stormConnections));
        List<WebClient> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(WebClient.builder().clientConnector(storm).baseUrl("http://localhost:" + port)
                    .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestKeys.create(port, "storm-" + c, "ingest", "read")).build());
        }
        long batchesBefore = Rows.count("ingestion_batches");
        AtomicLong queriesDropped = new AtomicLong();
        AtomicLong queriesCompleted = new AtomicLong();
        AtomicLong uploadsDropped = new AtomicLong();
        AtomicLong uploadsAnswered = new AtomicLong();
        long started = System.nanoTime();

        Flux.range(0, REQUESTS).flatMap(i -> {
            Duration cut = Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 30));
            WebClient client = clients.get(i % CLIENTS);
            if (i % 2 == 0) {
                // an answer (of any status) means the upload was not cut mid-body
                return upload(client, i, cut).doOnComplete(uploadsAnswered::incrementAndGet)
                        .doOnError(e -> (e instanceof WebClientResponseException ? uploadsAnswered : uploadsDropped).incrementAndGet())
                        .onErrorResume(e -> Mono.empty());
            }
            // take(cut) cancels the response stream if it is still running at the cut
            return query(client)
                    .doOnCancel(queriesDropped::incrementAndGet)
                    .doOnComplete(queriesCompleted::incrementAndGet)
                    .take(cut)
                    .onErrorResume(e -> Mono.empty());
        }, 32).blockLast(Duration.ofMinutes(5));
        stormConnections.dispose();
        double seconds = (System.nanoTime() - started) / 1e9;

        // a response dropped before its first write can leave its query stalled, not cancelled: the router's
        // stall-timeout (15 s) returns such connections; nothing may stay acquired beyond it. A cancelled
        // read's connection comes back only once its discarded statement is done, so with none acquired
        // no replica backend may still be working for a read (the monitor's sample aside)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isZero();
            assertThat(readerPool.getMetrics().orElseThrow().acquiredSize()).isZero();
            assertThat(Rows.query("SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'celestial-%'"
                    + " AND state LIKE 'idle in transaction%'")).isEmpty();
            assertThat(Rows.query(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER, "SELECT pid, query FROM pg_stat_activity"
                    + " WHERE application_name = 'celestial-reader' AND state = 'active' AND query NOT LIKE '%pg_is_in_recovery%'"))
                    .as("replica backends still running cancelled reads").isEmpty();
        });
        double recovered = (System.nanoTime() - started) / 1e9 - seconds;
        Map<Object, Long> outcomes = new TreeMap<>();
        for (Map<String, Object> row : Rows.query("SELECT outcome, count(*) AS n FROM celestial.ingestion_batches GROUP BY outcome")) {
            outcomes.put(row.get("outcome"), ((Number) row.get("n")).longValue());
        }
        long reached = Rows.count("ingestion_batches") - batchesBefore;
        System.out.printf("fault cancellation-storm: requests=%d in %.1f s; uploads=%d dropped mid-body=%d answered=%d,"
                        + " reached the pipeline=%d %s; queries=%d dropped mid-stream=%d completed=%d;"
                        + " pools back to 0 acquired after %.1f s%n", REQUESTS, seconds, REQUESTS / 2, uploadsDropped.get(),
                uploadsAnswered.get(), reached, outcomes, REQUESTS / 2, queriesDropped.get(), queriesCompleted.get(), recovered);
        // every upload was cut before its body ended: none committed, and the storm really reached the pipeline
        assertThat(Rows.count("earthquakes")).isEqualTo(stored);
        assertThat(Rows.count("ingestion_batches") - batchesBefore).isGreaterThan(REQUESTS / 4);
        assertThat(outcomes).as("one row per request, each saying the client went away").containsOnlyKeys("cancelled", "committed")
                .containsEntry("committed", 1L);
        assertThat(uploadsAnswered.get()).as("uploads answered (a 429 would be one)").isLessThan(REQUESTS / 20);
        assertThat(queriesDropped.get()).as("queries cut mid-stream").isGreaterThan(REQUESTS / 4);
        // and the service still answers both kinds of request, on new connections
        // (a behaviour check, not a timing one: the time it took is printed)
        WebTestClient web = this.web.mutate().responseTimeout(Duration.ofSeconds(30))
                .clientConnector(TestHttp.connector()).build();
        long checked = System.nanoTime();
        web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=500").exchange().expectStatus().isOk();
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(quakes.substring(0, quakes.indexOf("\n") + 1).getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
        System.out.printf("fault cancellation-storm: a read and an upload after it answered in %.1f s%n", (System.nanoTime() - checked) / 1e9);
    }

    /** An upload cut off mid-body: lines trickle in until, at {@code cut}, the client drops the connection. */
    static Flux<DataBuffer> upload(WebClient client, int i, Duration cut) {
        Flux<DataBuffer> body = Flux.interval(Duration.ofMillis(2)).map(n -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(
                ("{\"sourceId\":\"storm" + i + "-" + n + "\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n")
                        .getBytes(StandardCharsets.UTF_8)))
                .take(cut)
                .concatWith(Flux.error(new java.io.IOException("the client went away")));
        return client.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .body(body, DataBuffer.class).retrieve().bodyToFlux(DataBuffer.class).doOnNext(DataBufferUtils::release);
    }

    static Flux<DataBuffer> query(WebClient client) {
        return client.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=20000&limit=2000")
                .retrieve().bodyToFlux(DataBuffer.class).doOnNext(DataBufferUtils::release);
    }
}
