package dev.celestial.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Correlations found as events arrive, by the example rules of R__example_triggers_and_rules, on the real
 * DONKI flares of May 2024 (the first X flare began 2024-05-03T02:11Z, the next 51 h later).
 */
@IntegrationTest
@CleanEventTables
class CorrelationIngestIntegrationTests {

    static final String FIRST_X = "2024-05-03T02:11:00-FLR-001";

    @Autowired
    WebTestClient web;

    WebTestClient.ResponseSpec post(String path, String ndjson) {
        return web.post().uri(path).contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(ndjson.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    void flares() {
        web.post().uri("/api/v1/solar-events?format=donki-flr").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.bytes("donki/FLR_2024-05.json")).exchange().expectStatus().isOk();
    }

    static String quake(String id, String time, double lat, double lon, double magnitude) {
        return "{\"sourceId\":\"" + id + "\",\"time\":\"" + time + "\",\"latitude\":" + lat + ",\"longitude\":" + lon
                + ",\"magnitude\":" + magnitude + "}\n";
    }

    static String eruption(String number, String start, double lat, double lon, int vei) {
        return "{\"volcanoNumber\":\"" + number + "\",\"volcanoName\":\"V" + number + "\",\"latitude\":" + lat
                + ",\"longitude\":" + lon + ",\"eruptionStart\":\"" + start + "\",\"vei\":" + vei + "}\n";
    }

    static List<Map<String, Object>> correlations(String rule) {
        return Rows.query("""
                SELECT c.first_kind, c.first_ref, c.second_kind, c.second_ref, extract(epoch FROM c.time_delta)::float8 AS delta_s,
                       c.distance_km, c.score
                  FROM celestial.event_correlations c JOIN celestial.correlation_rules r ON r.id = c.rule_id
                 WHERE r.name = '%s' ORDER BY c.first_ref, c.second_ref""".formatted(rule));
    }

    @Test
    void anXFlareThenAnM6Quake10HoursLaterCorrelateAnd50HoursLaterDoNot() {
        flares();
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 6.1)
                + quake("fifty", "2024-05-05T04:11:00Z", 35.0, 139.0, 6.4)
                + quake("small", "2024-05-03T12:11:00Z", 35.0, 139.0, 5.9)).expectStatus().isOk();

        List<Map<String, Object>> found = correlations("Earthquakes after X-class flares");
        assertThat(found).hasSize(1);
        Map<String, Object> pair = found.get(0);
        assertThat(pair).containsEntry("first_kind", "solar_event").containsEntry("first_ref", FIRST_X)
                .containsEntry("second_kind", "earthquake").containsEntry("second_ref", "ten");
        assertThat((Double) pair.get("delta_s")).isEqualTo(36_000.0);
        assertThat(pair.get("distance_km")).isNull();
        assertThat((Double) pair.get("score")).isCloseTo(1 - 10.0 / 48, within(1e-9));

        // re-posting both changes nothing
        flares();
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 6.1)).expectStatus().isOk();
        assertThat(correlations("Earthquakes after X-class flares")).hasSize(1);
    }

    @Test
    void aFlareArrivingAfterItsQuakeFindsItToo() {
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 6.1)).expectStatus().isOk();
        assertThat(correlations("Earthquakes after X-class flares")).isEmpty();
        flares();
        assertThat(correlations("Earthquakes after X-class flares")).extracting(row -> row.get("first_ref") + " " + row.get("second_ref"))
                .containsExactly(FIRST_X + " ten");
    }

    @Test
    void anUpdateThatNewlyQualifiesAddsItsPair() {
        flares();
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 5.8)).expectStatus().isOk();
        assertThat(correlations("Earthquakes after X-class flares")).isEmpty();
        post("/api/v1/earthquakes", "{\"sourceId\":\"ten\",\"time\":\"2024-05-03T12:11:00Z\",\"updated\":\"2024-05-04T00:00:00Z\","
                + "\"latitude\":35.0,\"longitude\":139.0,\"magnitude\":6.2}\n").expectStatus().isOk();
        assertThat(correlations("Earthquakes after X-class flares")).hasSize(1);
    }

    @Test
    void theDistanceRuleHoldsAcrossTheAntimeridian() {
        // an M7.2 under Fiji just west of 180°, eruptions two days later just east of it (about 64 km) and far east (about 620 km)
        post("/api/v1/earthquakes", quake("fiji", "2024-01-10T00:00:00Z", -17.0, 179.8, 7.2)).expectStatus().isOk();
        post("/api/v1/volcanic-activity", eruption("900001", "2024-01-12T00:00:00Z", -17.0, -179.6, 3)
                + eruption("900002", "2024-01-12T00:00:00Z", -17.0, -174.0, 3)).expectStatus().isOk();
        // and the other way round: an eruption stored first, its quake posted after
        post("/api/v1/volcanic-activity", eruption("900003", "2024-02-12T06:00:00Z", 51.0, -179.9, 2)).expectStatus().isOk();
        post("/api/v1/earthquakes", quake("aleut", "2024-02-10T06:00:00Z", 51.2, 179.7, 7.0)).expectStatus().isOk();

        List<Map<String, Object>> found = correlations("Eruptions near great earthquakes");
        assertThat(found).extracting(row -> row.get("first_ref") + " " + row.get("second_ref"))
                .containsExactly("aleut 900003/2024-02-12T06:00:00Z", "fiji 900001/2024-01-12T00:00:00Z");
        double km = (Double) found.get(1).get("distance_km");
        assertThat(km).isBetween(60.0, 68.0);
        assertThat((Double) found.get(1).get("score")).isCloseTo((1 - 48.0 / 720) * (1 - km / 500), within(1e-9));
    }

    @Test
    void requestsWritingBothSidesAtOnceStillFindTheirPair() throws Exception {
        // request A, held open as a JDBC transaction: its quake written and its chunk's lock taken, not committed
        try (Connection a = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.WRITER)) {
            a.setAutoCommit(false);
            try (Statement statement = a.createStatement()) {
                statement.execute("INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)"
                        + " VALUES ('held', '2024-05-03T12:11:00Z', 6.1, 'SRID=4326;POINT(139 35)')");
                statement.execute("SELECT pg_advisory_xact_lock(" + CorrelationEvaluator.lock(EventKind.EARTHQUAKE, EventKind.SOLAR_EVENT) + ")");
            }
            // request B, the flares: its statements would not see A's uncommitted quake, so it waits for A
            CompletableFuture<Void> b = CompletableFuture.runAsync(this::flares);
            Thread.sleep(1000);
            assertThat(b).as("the flares wait for the quakes' commit").isNotDone();
            a.commit();
            b.get(30, TimeUnit.SECONDS);
        }
        assertThat(correlations("Earthquakes after X-class flares")).extracting(row -> row.get("first_ref") + " " + row.get("second_ref"))
                .containsExactly(FIRST_X + " held");
    }

    @Test
    void aChunkTakesItsRulesLocksBeforeTheAlertsLock() throws Exception {
        // the alerts' lock (TriggerEvaluator.ALERT_LOCK), held here: an alert-raising quake chunk waits for it. By then it
        // must hold its rules' locks already; taken in the other order, two requests could each wait for the other
        long alertLock = 0x63656c5f616c7274L;
        long rulesLock = CorrelationEvaluator.lock(EventKind.EARTHQUAKE, EventKind.SOLAR_EVENT);
        try (Connection holder = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER);
             Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + alertLock + ")");
            CompletableFuture<Void> quake;
            try {
                quake = CompletableFuture.runAsync(() -> post("/api/v1/earthquakes",
                        quake("locks-m7", "2024-05-03T12:11:00Z", 35, 139, 7.5)).expectStatus().isOk());
                String waitingWithRulesLock = "SELECT 1 FROM pg_locks w JOIN pg_locks h ON h.pid = w.pid"
                        + " WHERE w.locktype = 'advisory' AND NOT w.granted AND (w.classid::int8 << 32 | w.objid::int8) = " + alertLock
                        + " AND h.locktype = 'advisory' AND h.granted AND (h.classid::int8 << 32 | h.objid::int8) = " + rulesLock;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> !Rows.query(waitingWithRulesLock).isEmpty());
                assertThat(quake).isNotDone();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + alertLock + ")");
            }
            quake.get(30, TimeUnit.SECONDS);
        }
        assertThat(Rows.query("SELECT event_ref FROM celestial.alerts")).extracting(row -> row.get("event_ref")).contains("locks-m7");
    }

    @Test
    void aFailingBatchLeavesNoCorrelation() {
        flares();
        // the valid quake is written and correlated in the request's transaction; the invalid record then fails it
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 6.1)
                + "{\"sourceId\":\"bad\",\"time\":\"2024-05-03T12:11:00Z\",\"latitude\":95,\"longitude\":0,\"magnitude\":6}\n")
                .expectStatus().isEqualTo(422);
        assertThat(Rows.count("earthquakes")).isZero();
        assertThat(Rows.count("event_correlations")).isZero();
        // the same batch without the bad record correlates: the rollback, not the rule, kept it out
        post("/api/v1/earthquakes", quake("ten", "2024-05-03T12:11:00Z", 35.0, 139.0, 6.1)).expectStatus().isOk();
        assertThat(Rows.count("event_correlations")).isEqualTo(1);
    }
}
