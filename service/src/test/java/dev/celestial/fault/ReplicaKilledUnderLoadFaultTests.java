package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.routing.ReadRouter;
import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Scenario 1: the replica is killed ({@code pg_ctl stop -m immediate}) while 8 clients query without pause. */
@IntegrationTest
@Tag("fault")
@CleanEventTables
class ReplicaKilledUnderLoadFaultTests {

    static final String NEARBY = "/api/v1/earthquakes/nearby?lat=10&lon=20&radiusKm=500";
    static final int CLIENTS = 8;

    @Autowired
    WebTestClient web;

    final TestDatabase db = TestDatabase.get();

    @Test
    void readsKeepSucceedingFromThePrimaryAndReturnToTheReplicaWithinTenSecondsOfItsRestart() throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        StringBuilder quakes = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            quakes.append("{\"sourceId\":\"rk").append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":10,\"longitude\":")
                    .append(20 + i * 0.01).append(",\"magnitude\":4}\n");
        }
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(quakes.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(read().getResponseHeaders().getFirst(ReadRouter.SERVED_BY)));

        AtomicLong tried = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        Map<String, String> examples = new ConcurrentHashMap<>();
        Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
        AtomicLong restartedAt = new AtomicLong();
        AtomicLong backAt = new AtomicLong();
        long stopAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < stopAt && (backAt.get() == 0 || System.nanoTime() < backAt.get() + 2_000_000_000L)) {
                    tried.incrementAndGet();
                    try {
                        EntityExchangeResult<String> result = read();
                        String where = result.getResponseHeaders().getFirst(ReadRouter.SERVED_BY);
                        if (result.getStatus().value() != 200 || result.getResponseBody() == null || !result.getResponseBody().contains("rk49")) {
                            failures.merge("status " + result.getStatus().value(), 1L, Long::sum);
                            examples.putIfAbsent("status " + result.getStatus().value(), String.valueOf(result.getResponseBody()));
                        }
                        servedBy.computeIfAbsent(String.valueOf(where), w -> new AtomicLong()).incrementAndGet();
                        if ("replica".equals(where) && restartedAt.get() != 0 && backAt.get() == 0) {
                            backAt.compareAndSet(0, System.nanoTime());
                        }
                    } catch (RuntimeException | AssertionError e) {
                        failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        examples.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        Thread.sleep(2000);
        db.stop(Node.REPLICA, "immediate");
        Thread.sleep(3000);
        db.startAll();
        restartedAt.set(System.nanoTime());
        for (Thread client : clients) {
            client.join();
        }
        double recovery = backAt.get() == 0 ? -1 : (backAt.get() - restartedAt.get()) / 1e9;
        System.out.printf("fault replica-killed: reads=%d failed=%s servedBy=%s back_on_replica_after_restart_s=%.2f%n",
                tried.get(), failures, servedBy, recovery);
        assertThat(failures).as("failures, one answer of each kind: %s", examples).isEmpty();
        assertThat(servedBy.get("primary")).isNotNull();
        assertThat(backAt.get()).isPositive();
        assertThat(recovery).isLessThanOrEqualTo(10.0);
    }

    EntityExchangeResult<String> read() {
        return web.get().uri(NEARBY).exchange().expectBody(String.class).returnResult();
    }
}
