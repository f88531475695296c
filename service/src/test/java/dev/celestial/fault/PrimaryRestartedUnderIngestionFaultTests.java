package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import io.r2dbc.pool.ConnectionPool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Scenario 2: the primary restarts while 5 clients post overlapping batches, retrying on 5xx, 429 and
 * connection errors until acknowledged. Afterwards every acknowledged record is there once, each batch's
 * sentinel record is there (no batch half-applied and then lost), every key holds the newest acknowledged
 * revision, a batch sent once and never retried is all there or not at all, and the writer pool is idle.
 */
@IntegrationTest
@Tag("fault")
@CleanEventTables
class PrimaryRestartedUnderIngestionFaultTests {

    static final int CLIENTS = 5;
    static final int BATCHES = 12;
    static final int RECORDS = 400;
    static final int ONE_SHOT_BATCHES = 24;

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    final TestDatabase db = TestDatabase.get();

    @Test
    void everyAcknowledgedRecordIsStoredExactlyOnce() throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        WebTestClient client = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> sentinels = ConcurrentHashMap.newKeySet();
        Map<String, Instant> newest = new ConcurrentHashMap<>();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        AtomicLong attempts = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong();
        AtomicLong firstAckAfterRestart = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNo = c;
            Thread thread = new Thread(() -> {
                Random random = new Random(clientNo);
                for (int b = 0; b < BATCHES; b++) {
                    List<String> keys = new ArrayList<>();
                    StringBuilder body = new StringBuilder();
                    String updated = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(b * 10L + clientNo).toString();
                    String sentinel = "sentinel-" + clientNo + "-" + b;
                    keys.add(sentinel);
                    for (int r = 1; r < RECORDS; r++) {
                        keys.add("pr" + random.nextInt(3 * RECORDS));
                    }
                    for (String key : keys) {
                        body.append("{\"sourceId\":\"").append(key).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"")
                                .append(updated).append("\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n");
                    }
                    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (System.nanoTime() < deadline) {
                        attempts.incrementAndGet();
                        try {
                            EntityExchangeResult<String> result = client.post().uri("/api/v1/earthquakes")
                                    .contentType(MediaType.APPLICATION_NDJSON).bodyValue(bytes).exchange()
                                    .expectBody(String.class).returnResult();
                            int status = result.getStatus().value();
                            if (status == 200) {
                                acknowledged.addAll(keys);
                                Instant revision = Instant.parse(updated);
                                keys.forEach(key -> newest.merge(key, revision, (older, newer) -> older.isAfter(newer) ? older : newer));
                                sentinels.add(sentinel);
                                if (restartedAt.get() != 0) {
                                    firstAckAfterRestart.compareAndSet(0, System.nanoTime());
                                }
                                break;
                            }
                            failures.merge("status " + status, 1L, Long::sum);
                            // 5xx and 429 (this client's rate limit) are worth retrying; other 4xx are not
                            if (status < 500 && status != 429) {
                                break;
                            }
                        } catch (RuntimeException | AssertionError e) {
                            failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        }
                        sleep(200);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        // one more client posts batches of keys no one else sends, once each and never retried, across the restart
        Map<Integer, Integer> oneShotStatus = new ConcurrentHashMap<>();
        Thread oneShot = new Thread(() -> {
            for (int b = 0; b < ONE_SHOT_BATCHES; b++) {
                StringBuilder body = new StringBuilder();
                for (int r = 0; r < RECORDS; r++) {
                    body.append("{\"sourceId\":\"os-").append(b).append('-').append(r)
                            .append("\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":2,\"longitude\":2,\"magnitude\":3}\n");
                }
                try {
                    oneShotStatus.put(b, client.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                            .bodyValue(body.toString().getBytes(StandardCharsets.UTF_8)).exchange().returnResult(String.class)
                            .getStatus().value());
                } catch (RuntimeException | AssertionError e) {
                    oneShotStatus.put(b, -1);
                }
                sleep(250);
            }
        });
        oneShot.start();
        threads.add(oneShot);
        sleep(1500);
        db.stop(Node.PRIMARY, "fast");
        sleep(2000);
        restartedAt.set(System.nanoTime());
        db.startAll();
        for (Thread thread : threads) {
            thread.join();
        }

        long stored = Rows.count("earthquakes");
        long distinct = (Long) Rows.query("SELECT count(DISTINCT source_id) AS n FROM celestial.earthquakes").get(0).get("n");
        List<String> missing = new ArrayList<>();
        for (String key : acknowledged) {
            if (Rows.query("SELECT 1 FROM celestial.earthquakes WHERE source_id = '" + key + "'").isEmpty()) {
                missing.add(key);
            }
        }
        // every key holds the newest revision any acknowledged batch sent for it
        long stale = 0;
        for (Map<String, Object> row : Rows.query("SELECT source_id, source_updated_at FROM celestial.earthquakes WHERE source_id LIKE 'pr%'")) {
            Instant expected = newest.get((String) row.get("source_id"));
            if (expected == null || !expected.equals(((java.sql.Timestamp) row.get("source_updated_at")).toInstant())) {
                stale++;
            }
        }
        // a one-shot batch is all there or not there at all; acknowledged ones are all there
        int oneShotAcked = 0;
        int oneShotPartial = 0;
        int oneShotLost = 0;
        for (Map.Entry<Integer, Integer> batch : oneShotStatus.entrySet()) {
            long present = (Long) Rows.query("SELECT count(*) AS n FROM celestial.earthquakes WHERE source_id LIKE 'os-"
                    + batch.getKey() + "-%'").get(0).get("n");
            boolean acked = batch.getValue() == 200;
            oneShotAcked += acked ? 1 : 0;
            oneShotPartial += present != 0 && present != RECORDS ? 1 : 0;
            oneShotLost += acked && present != RECORDS ? 1 : 0;
        }
        System.out.printf("fault primary-restart: batches=%d records_sent=%d attempts=%d failures_seen=%s acknowledged_keys=%d"
                        + " stored=%d lost=%d duplicates=%d stale_revisions=%d one_shot_batches=%d acknowledged=%d partial=%d lost=%d"
                        + " first_ack_after_restart_began_s=%.2f%n",
                CLIENTS * BATCHES, (long) CLIENTS * BATCHES * RECORDS, attempts.get(), failures, acknowledged.size(), stored - oneShotRows(),
                missing.size(), stored - distinct, stale, oneShotStatus.size(), oneShotAcked, oneShotPartial, oneShotLost,
                firstAckAfterRestart.get() == 0 ? -1 : (firstAckAfterRestart.get() - restartedAt.get()) / 1e9);
        assertThat(stale).isZero();
        assertThat(oneShotStatus).hasSize(ONE_SHOT_BATCHES);
        assertThat(oneShotPartial).isZero();
        assertThat(oneShotLost).isZero();
        assertThat(oneShotAcked).as("one-shot batches acknowledged").isPositive();
        assertThat(sentinels).hasSize(CLIENTS * BATCHES);
        assertThat(missing).isEmpty();
        assertThat(stored).isEqualTo(distinct);
        assertThat(stored - oneShotRows()).isEqualTo(acknowledged.size());
        assertThat(failures).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writerPool.getMetrics().orElseThrow().acquiredSize() == 0);
    }

    static long oneShotRows() {
        return (Long) Rows.query("SELECT count(*) AS n FROM celestial.earthquakes WHERE source_id LIKE 'os-%'").get(0).get("n");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
