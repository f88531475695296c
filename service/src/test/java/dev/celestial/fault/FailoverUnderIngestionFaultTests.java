package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.SparePair;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Promotion under load, on a pair of this test's own (the shared one keeps its topology): the service is
 * configured with both hosts ({@code celestial.db.*.hosts}); 5 clients post overlapping batches, retrying on
 * 503, 429 and connection errors, and 8 readers query, while the primary is stopped with {@code -m immediate}
 * and the standby promoted. Then the old primary rejoins as a standby and reads must go back to it within 10 s,
 * on connections to it, not on reader connections left on the node that was promoted.
 */
@Tag("fault")
class FailoverUnderIngestionFaultTests {

    static final int CLIENTS = 5;
    static final int READERS = 8;
    static final int BATCHES = 16;
    static final int RECORDS = 300;

    @Test
    void writesMoveToThePromotedStandbyAndReadsBackToTheRejoinedOne() throws Exception {
        failover("failover-fault-db", 4, false);
    }

    /**
     * The same through PgBouncer in transaction mode, as on Kubernetes behind CloudNativePG's poolers: the service
     * knows only the pooler's address, and {@code db.sh failover}/{@code rejoin} repoint the pooler.
     */
    @Test
    void throughThePoolerWritesAndReadsFollowItsRepointing() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/pgbouncer")), "needs pgbouncer");
        failover("failover-pooler-db", 10, true);
    }

    private void failover(String name, int offset, boolean pooled) throws Exception {
        Assumptions.assumeTrue(TestDatabase.get().controllable(), "needs the local pair");
        try (SparePair pair = SparePair.create(name, offset)) {
            Map<String, Object> properties = new HashMap<>(pair.serviceProperties());
            if (pooled) {
                pair.script("up", "--pooler");
                properties.remove("celestial.db.primary.hosts");
                properties.remove("celestial.db.replica.hosts");
                String pooler = "r2dbc:postgresql://127.0.0.1:" + pair.poolerPort() + "/";
                properties.put("celestial.db.primary.url", pooler + "celestial?preparedStatementCacheQueries=0");
                properties.put("celestial.db.replica.url", pooler + "celestial_ro?preparedStatementCacheQueries=0");
            }
            properties.putAll(Map.of("server.port", "0", "celestial.access.bootstrap-admin-key", TestKeys.ADMIN,
                    "celestial.routing.monitor-interval", "200ms", "celestial.routing.max-lag", "2s",
                    "celestial.ingest.lock-timeout", "3s", "celestial.access.max-stale", "5m",
                    "celestial.access.ingest-requests-per-second", "1000", "celestial.access.max-concurrent-ingests", "8"));
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CelestialApplication.class)
                    .run(SparePair.arguments(properties))) {
                run(pair, service.getEnvironment().getRequiredProperty("local.server.port", Integer.class), pooled);
            }
        }
    }

    private void run(SparePair pair, int port, boolean pooled) throws Exception {
        WebTestClient client = WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + port).filter(TestKeys.filter())
                .responseTimeout(Duration.ofSeconds(60)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        AtomicLong other5xx = new AtomicLong();
        AtomicLong slowestWriteNanos = new AtomicLong();
        AtomicLong promotedAt = new AtomicLong();
        AtomicLong firstAckAfterPromotion = new AtomicLong();
        AtomicLong failedReadsLate = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNo = c;
            writers.add(start(() -> {
                Random random = new Random(clientNo);
                for (int b = 0; b < BATCHES; b++) {
                    List<String> keys = new ArrayList<>();
                    StringBuilder body = new StringBuilder();
                    String updated = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(b * 10L + clientNo).toString();
                    for (int r = 0; r < RECORDS; r++) {
                        keys.add("fo" + random.nextInt(3 * RECORDS));
                    }
                    for (String key : keys) {
                        body.append("{\"sourceId\":\"").append(key).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"")
                                .append(updated).append("\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n");
                    }
                    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (System.nanoTime() < deadline) {
                        long started = System.nanoTime();
                        try {
                            EntityExchangeResult<String> result = client.post().uri("/api/v1/earthquakes")
                                    .contentType(MediaType.APPLICATION_NDJSON).bodyValue(bytes).exchange()
                                    .expectBody(String.class).returnResult();
                            slowestWriteNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                            int status = result.getStatus().value();
                            if (status == 200) {
                                acknowledged.addAll(keys);
                                if (promotedAt.get() != 0) {
                                    firstAckAfterPromotion.compareAndSet(0, System.nanoTime());
                                }
                                break;
                            }
                            failures.merge("status " + status, 1L, Long::sum);
                            if (status >= 500 && status != 503) {
                                other5xx.incrementAndGet();
                            }
                            if (status == 503) {
                                assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNotNull();
                            }
                            if (status < 500 && status != 429) {
                                break;
                            }
                        } catch (RuntimeException | AssertionError e) {
                            failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        }
                        PrimaryRestartedUnderIngestionFaultTests.sleep(200);
                    }
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(start(() -> {
                while (writing.get()) {
                    boolean ok;
                    try {
                        // the body read to its end: an unread one holds its connection, and the client has 16
                        ok = client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=100&limit=20").exchange()
                                .expectBody(String.class).returnResult().getStatus().value() == 200;
                    } catch (RuntimeException | AssertionError e) {
                        ok = false;
                    }
                    reads.incrementAndGet();
                    long promoted = promotedAt.get();
                    if (!ok && promoted != 0 && System.nanoTime() - promoted > Duration.ofSeconds(10).toNanos()) {
                        failedReadsLate.incrementAndGet();
                    }
                    PrimaryRestartedUnderIngestionFaultTests.sleep(50);
                }
            }));
        }
        PrimaryRestartedUnderIngestionFaultTests.sleep(1500);
        pair.stop(Node.PRIMARY, "immediate");
        long stoppedAt = System.nanoTime();
        pair.script("failover");
        promotedAt.set(System.nanoTime());
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        for (Thread reader : readers) {
            reader.join();
        }

        // every acknowledged record once, on the new primary
        long stored;
        long distinct;
        List<String> missing = new ArrayList<>();
        try (Connection primary = pair.connect(Node.REPLICA, Role.OWNER); Statement statement = primary.createStatement()) {
            ResultSet counts = statement.executeQuery("SELECT count(*), count(DISTINCT source_id) FROM celestial.earthquakes");
            counts.next();
            stored = counts.getLong(1);
            distinct = counts.getLong(2);
            Set<String> present = ConcurrentHashMap.newKeySet();
            ResultSet keys = statement.executeQuery("SELECT source_id FROM celestial.earthquakes");
            while (keys.next()) {
                present.add(keys.getString(1));
            }
            acknowledged.stream().filter(key -> !present.contains(key)).forEach(missing::add);
        }

        // the old primary rejoins as a standby: reads go back to it, on connections to it
        long rejoinStarted = System.nanoTime();
        pair.script("rejoin");
        long rejoined = System.nanoTime();
        long backOnStandby = 0;
        while (System.nanoTime() - rejoined < Duration.ofSeconds(10).toNanos()) {
            String servedBy = client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=100&limit=20").exchange().expectBody(String.class).returnResult()
                    .getResponseHeaders().getFirst("Served-By");
            if ("replica".equals(servedBy)) {
                backOnStandby = System.nanoTime();
                break;
            }
            PrimaryRestartedUnderIngestionFaultTests.sleep(100);
        }
        Timestamp since = now(pair, Node.REPLICA);
        for (int i = 0; i < 40; i++) {
            client.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=100&limit=20").exchange().expectStatus().isOk().expectHeader().valueEquals("Served-By", "replica");
        }
        long readsOnPromoted = readerQueriesSince(pair, Node.REPLICA, since);
        long readsOnStandby = readerQueriesSince(pair, Node.PRIMARY, since);

        System.out.printf("fault failover%s: writers=%d readers=%d batches=%d reads=%d failures_seen=%s first_write_after_promotion_s=%.2f"
                        + " first_write_after_primary_stop_s=%.2f slowest_write_s=%.2f acknowledged_keys=%d stored=%d lost=%d duplicates=%d"
                        + " other_5xx=%d failed_reads_after_10s=%d rejoin_s=%.2f reads_on_standby_after_rejoin_s=%.2f"
                        + " reader_backends_used_after:promoted=%d,standby=%d%n",
                pooled ? "-through-pooler" : "", CLIENTS, READERS, CLIENTS * BATCHES, reads.get(), failures,
                firstAckAfterPromotion.get() == 0 ? -1 : (firstAckAfterPromotion.get() - promotedAt.get()) / 1e9,
                firstAckAfterPromotion.get() == 0 ? -1 : (firstAckAfterPromotion.get() - stoppedAt) / 1e9,
                slowestWriteNanos.get() / 1e9, acknowledged.size(), stored, missing.size(), stored - distinct, other5xx.get(),
                failedReadsLate.get(), (rejoined - rejoinStarted) / 1e9, backOnStandby == 0 ? -1 : (backOnStandby - rejoined) / 1e9,
                readsOnPromoted, readsOnStandby);
        assertThat(firstAckAfterPromotion.get()).as("a write acknowledged after the promotion").isPositive();
        assertThat((firstAckAfterPromotion.get() - promotedAt.get()) / 1e9).as("seconds to the first write after promotion").isLessThan(10);
        assertThat(missing).as("acknowledged records lost").isEmpty();
        assertThat(stored).as("duplicates").isEqualTo(distinct);
        assertThat(other5xx.get()).as("5xx other than 503").isZero();
        assertThat(slowestWriteNanos.get()).as("slowest write").isLessThan(Duration.ofSeconds(35).toNanos());
        assertThat(failedReadsLate.get()).as("failed reads 10 s after the promotion").isZero();
        assertThat(backOnStandby).as("reads back on the rejoined standby within 10 s").isPositive();
        assertThat(readsOnPromoted).as("reads run on the promoted node while labelled replica").isZero();
        assertThat(readsOnStandby).isPositive();
    }

    static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    static Timestamp now(SparePair pair, Node node) throws SQLException {
        try (Connection connection = pair.connect(node, Role.SUPERUSER); Statement statement = connection.createStatement();
             ResultSet now = statement.executeQuery("SELECT clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1);
        }
    }

    /** Reader backends (the reader pool's, or the reader role's through the pooler) on {@code node} that started a statement after {@code since}. */
    static long readerQueriesSince(SparePair pair, Node node, Timestamp since) throws SQLException {
        try (Connection connection = pair.connect(node, Role.SUPERUSER);
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE (application_name = 'celestial-reader' OR usename = ?) AND query_start > ?")) {
            // through PgBouncer a server connection may not carry the client's application name yet: its role does
            statement.setString(1, TestDatabase.get().user(Role.READER));
            statement.setTimestamp(2, since);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }
}
