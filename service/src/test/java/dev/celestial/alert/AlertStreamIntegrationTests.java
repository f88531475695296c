package dev.celestial.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The live alert stream against the real pair: 200 subscribers while 5 clients ingest, some of them
 * reconnecting with Last-Event-ID mid-way, each gets every alert exactly once and in id order; a
 * primary restart mid-stream loses none. Commit-to-delivery figures are printed as {@code fault} lines.
 */
@IntegrationTest
class AlertStreamIntegrationTests {

    static final String TRIGGER = "stream depth 33.3";

    @Autowired
    WebTestClient web;

    @Autowired
    AlertFeed feed;

    @LocalServerPort
    int port;

    final List<StreamSubscriber> subscribers = new ArrayList<>();

    /**
     * Empties the alerts and restarts their ids, and has this instance's feed notice it (a notification finding
     * the table empty below its last id), as it would after a restore.
     */
    static void resetAlerts(AlertFeed feed) {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "NOTIFY " + TriggerEvaluator.CHANNEL);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.position() == 0);
    }

    @BeforeEach
    void trigger() {
        resetAlerts(feed);
        web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + TRIGGER + "\",\"eventKind\":\"earthquake\",\"severity\":\"info\",\"conditions\":{\"depthKm\":{\"eq\":33.3}}}")
                .exchange().expectStatus().isCreated();
    }

    @AfterEach
    void clean() {
        subscribers.forEach(StreamSubscriber::close);
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.data_triggers WHERE name = '" + TRIGGER + "'",
                "DELETE FROM celestial.admin_audit WHERE action LIKE 'trigger_%'");
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'stream-%'");
    }

    /** One batch of {@code count} alert-raising records; answers the status, -1 for a connection error. */
    int ingest(WebTestClient client, String prefix, int count) {
        return ingest(client, null, prefix, count);
    }

    /** @param key the client's key, or null for the tests' all-scopes one */
    int ingest(WebTestClient client, String key, String prefix, int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(String.format(Locale.ROOT, "{\"sourceId\":\"%s-%d\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,"
                    + "\"magnitude\":5,\"depthKm\":33.3}%n", prefix, i));
        }
        try {
            return client.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                    .headers(headers -> {
                        if (key != null) {
                            headers.setBearerAuth(key);
                        }
                    })
                    .bodyValue(body.toString().getBytes(StandardCharsets.UTF_8)).exchange().returnResult(String.class).getStatus().value();
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    static long currentLastId() {
        return (Long) Rows.query("SELECT coalesce(max(id), 0) AS id FROM celestial.alerts").get(0).get("id");
    }

    static List<Long> alertIdsAfter(long start) {
        return Rows.query("SELECT id FROM celestial.alerts WHERE id > " + start + " ORDER BY id").stream()
                .map(row -> (Long) row.get("id")).toList();
    }

    void awaitEveryone(List<Long> expected, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> subscribers.stream().allMatch(s -> s.ids().size() >= expected.size()));
        for (StreamSubscriber subscriber : subscribers) {
            assertThat(subscriber.ids()).as("alerts of a subscriber (connections %d)", subscriber.connections.get()).isEqualTo(expected);
        }
    }

    @Test
    void twoHundredSubscribersEachGetEveryAlertOnceInOrderWhileFiveClientsIngest() throws Exception {
        String key = TestKeys.create(port, "stream-reader", "read");
        WebClient client = StreamSubscriber.client(port, key);
        long start = currentLastId();
        for (int i = 0; i < 200; i++) {
            // every tenth reconnects with Last-Event-ID after 37 alerts; a quarter filter on severity and kind (all alerts match)
            String query = i % 4 == 0 ? "?severity=info&kind=earthquake" : "";
            subscribers.add(new StreamSubscriber(client, query, i % 10 == 0 ? 37 : 0).connect(start));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> feed.position() >= 0);
        WebTestClient writer = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        Map<String, Long> committed = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            int worker = w;
            // a client each: one client may have only max-concurrent-ingests (4) under way
            String writerKey = TestKeys.create(port, "stream-writer-" + w, "ingest");
            Thread thread = new Thread(() -> {
                for (int b = 0; b < 10; b++) {
                    String prefix = "s" + worker + "-" + b;
                    assertThat(ingest(writer, writerKey, prefix, 10)).isEqualTo(200);
                    // the answer comes after the commit: the time it arrived bounds the commit from above
                    committed.put(prefix, System.nanoTime());
                    sleep(50);
                }
            });
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            thread.join();
        }
        List<Long> expected = alertIdsAfter(start);
        assertThat(expected).hasSize(500);
        awaitEveryone(expected, Duration.ofSeconds(60));

        Map<Long, String> batchOf = new HashMap<>();
        Rows.query("SELECT id, event_ref FROM celestial.alerts WHERE id > " + start).forEach(row ->
                batchOf.put((Long) row.get("id"), ((String) row.get("event_ref")).replaceFirst("-[0-9]+$", "")));
        List<Long> latencies = new ArrayList<>();
        for (StreamSubscriber subscriber : subscribers) {
            if (subscriber.connections.get() > 1) {
                continue; // replayed alerts measure the reconnect, not the delivery
            }
            synchronized (subscriber) {
                for (int i = 0; i < subscriber.ids.size(); i++) {
                    latencies.add(subscriber.arrivedNanos.get(i) - committed.get(batchOf.get(subscriber.ids.get(i))));
                }
            }
        }
        latencies.sort(null);
        Map<String, Long> endings = subscribers.stream().flatMap(s -> s.endings.stream()).collect(Collectors.groupingBy(e -> e, Collectors.counting()));
        assertThat(latencies).as("deliveries on first connections; streams ended by: %s", endings).isNotEmpty();
        int reconnected = (int) subscribers.stream().filter(s -> s.connections.get() > 1).count();
        System.out.printf(Locale.ROOT, "fault alert-stream subscribers=200 writers=5 alerts=%d deliveries=%d reconnected=%d"
                        + " commit_to_delivery_p50_ms=%.1f p99_ms=%.1f max_ms=%.1f (from the ingest answer; negative: delivered before the answer arrived)%n",
                expected.size(), latencies.size(), reconnected, latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) (latencies.size() * 0.99)) / 1e6, latencies.get(latencies.size() - 1) / 1e6);
        // the twenty told to, and any a burst cut off (they resume the same way)
        assertThat(reconnected).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aFeedStoppedAndStartedAgainServesLiveAlerts() {
        // as when the test framework pauses this context for another one and resumes it, or a lifecycle restart
        long sessions = feed.sessions();
        feed.stop();
        feed.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.sessions() > sessions);
        long start = currentLastId();
        StreamSubscriber subscriber = new StreamSubscriber(StreamSubscriber.client(port, TestKeys.create(port, "stream-resumed", "read")), "", 0)
                .connect(start);
        subscribers.add(subscriber);
        assertThat(ingest(web, "resumed", 3)).isEqualTo(200);
        awaitEveryone(alertIdsAfter(start), Duration.ofSeconds(10));
        assertThat(subscriber.connections.get()).as("live alerts, not a stream ended at once and replayed on reconnects").isEqualTo(1);
    }

    @Test
    void anAlertAnotherInstanceCommitsReachesThisInstancesSubscribers() {
        long start = currentLastId();
        StreamSubscriber subscriber = new StreamSubscriber(StreamSubscriber.client(port, TestKeys.create(port, "stream-elsewhere", "read")), "", 0)
                .connect(start);
        subscribers.add(subscriber);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(subscriber.opened::isDone);
        long notified = feed.notifications();
        // what another instance's ingest does on its own connection to the primary: the alert, and a notification at commit
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "INSERT INTO celestial.alerts (trigger_id, event_kind, event_ref, severity, context)"
                        + " SELECT id, 'earthquake', 'elsewhere-1', 'info', '{}' FROM celestial.data_triggers WHERE name = '" + TRIGGER + "'",
                "SELECT pg_notify('" + TriggerEvaluator.CHANNEL + "', '')");
        List<Long> raised = alertIdsAfter(start);
        assertThat(raised).hasSize(1);
        // this instance's listener was told and read it (the feed moves only on its own reads), and the subscriber got it;
        // the notification, not the listener's probe every heartbeat, which would catch up as well
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.notifications() > notified && feed.position() == raised.get(0));
        awaitEveryone(raised, Duration.ofSeconds(10));
    }

    @Test
    void aPrimaryRestartMidStreamLosesNoAlert() throws Exception {
        TestDatabase db = TestDatabase.get();
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        String key = TestKeys.create(port, "stream-restart", "read");
        WebClient client = StreamSubscriber.client(port, key);
        long start = currentLastId();
        for (int i = 0; i < 20; i++) {
            subscribers.add(new StreamSubscriber(client, "", 0).connect(start));
        }
        long sessionsBefore = feed.sessions();
        WebTestClient writer = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        Map<String, Integer> outcome = new ConcurrentHashMap<>();
        Thread thread = new Thread(() -> {
            for (int b = 0; b < 30; b++) {
                // retried until acknowledged: a batch lost with the restart is sent again (ingestion is idempotent)
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int status;
                do {
                    status = ingest(writer, "r" + b, 5);
                    outcome.merge(String.valueOf(status), 1, Integer::sum);
                    if (status != 200) {
                        sleep(200);
                    }
                } while (status != 200 && System.nanoTime() < deadline);
                sleep(100);
            }
        });
        thread.start();
        sleep(1200);
        long stopped = System.nanoTime();
        db.stop(TestDatabase.Node.PRIMARY, "fast");
        sleep(2000);
        db.startAll();
        thread.join();
        List<Long> expected = alertIdsAfter(start);
        assertThat(expected).hasSize(150);
        awaitEveryone(expected, Duration.ofSeconds(60));
        assertThat(feed.sessions()).as("the listener opened its connection again").isGreaterThan(sessionsBefore);
        System.out.printf(Locale.ROOT, "fault alert-stream-primary-restart subscribers=20 alerts=%d attempts=%s listener_sessions=%d"
                        + " all_delivered_s_after_stop=%.1f%n", expected.size(), new java.util.TreeMap<>(outcome),
                feed.sessions() - sessionsBefore, (System.nanoTime() - stopped) / 1e9);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
