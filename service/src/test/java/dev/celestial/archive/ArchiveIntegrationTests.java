package dev.celestial.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Role;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The yearly archive on the real primary + replica: rows move in atomic batches into yearly partitions while
 * reads run, an interrupted move resumes, ingestion never brings an archived event back, and reads include
 * the archive when asked or when their time range reaches it.
 */
@IntegrationTest
class ArchiveIntegrationTests {

    /** Every fourth row is recent (live); the others fall in 2019-2023, before any cutoff of a two-year age. */
    static final String QUAKES = """
            INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, depth_km, location)
            SELECT 'ar' || i,
                   CASE WHEN i %% 4 = 0 THEN now() - (i %% 300) * interval '1 day'
                        ELSE timestamptz '2019-01-01 00:00:00Z' + ((i::bigint * 7919) %% (5 * 365 * 86400 - 86400)) * interval '1 second' END,
                   1 + (i %% 80) / 10.0, 10,
                   ST_SetSRID(ST_MakePoint(-179.5 + ((i::bigint * 104729) %% 35900) / 100.0, -85 + ((i::bigint * 7907) %% 17000) / 100.0), 4326)::geography
              FROM generate_series(1, %d) AS i""";
    static final String DIGEST = """
            SELECT count(*) AS n, md5(string_agg(source_id, ',' ORDER BY source_id)) AS keys
              FROM celestial.earthquakes_with_archive""";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    ArchiveMover mover;

    @AfterEach
    void clean() {
        TestDatabase.get().execute(Role.OWNER, "DROP TRIGGER IF EXISTS stall ON celestial.earthquakes_archive",
                "DROP FUNCTION IF EXISTS celestial.test_stall()");
        TestDatabase.get().cleanEventTables();
    }

    WebTestClient client() {
        return web.mutate().responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 << 20)).build();
    }

    JsonNode get(String uri) {
        return json.readTree(client().get().uri(uri).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    String fdsnCount(String query) {
        return client().get().uri("/fdsnws/event/1/count?" + query).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    ArchiveRun.TableRun quakes(ArchiveRun run) {
        return run.tables().stream().filter(t -> t.table().equals("earthquakes")).findFirst().orElseThrow();
    }

    @Test
    void movesOneHundredThousandRowsIntoYearlyPartitionsWhileReadsRunLosingAndDoublingNothing() throws Exception {
        TestDatabase.get().execute(Role.OWNER, QUAKES.formatted(100_000), "ANALYZE celestial.earthquakes");
        Map<String, Object> before = Rows.query(DIGEST).get(0);
        long old = (Long) Rows.query("SELECT count(*) AS n FROM celestial.earthquakes WHERE occurred_at < now() - interval '2 years'")
                .get(0).get("n");
        assertThat(before.get("n")).isEqualTo(100_000L);
        assertThat(old).isEqualTo(75_000L);

        // while the move runs: counts over live + archive (one snapshot each) and keyset pages through both
        AtomicBoolean moving = new AtomicBoolean(true);
        AtomicBoolean runDone = new AtomicBoolean();
        AtomicInteger counts = new AtomicInteger();
        AtomicInteger countsDuringRun = new AtomicInteger();
        List<String> wrongCounts = new ArrayList<>();
        CompletableFuture<Void> counting = CompletableFuture.runAsync(() -> {
            while (moving.get()) {
                String n = fdsnCount("includeArchive=true");
                if (!"100000".equals(n)) {
                    wrongCounts.add(n);
                }
                counts.incrementAndGet();
                if (!runDone.get()) {
                    countsDuringRun.incrementAndGet();
                }
            }
        });
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger pagesDuringRun = new AtomicInteger();
        CompletableFuture<List<String>> paging = CompletableFuture.supplyAsync(() -> {
            List<String> keys = new ArrayList<>();
            String next = "/api/v1/earthquakes?minLat=-90&maxLat=90&minLon=-180&maxLon=180&includeArchive=true&limit=5000";
            while (next != null) {
                JsonNode page = get(next);
                page.get("items").forEach(item -> keys.add(item.get("sourceId").asString()));
                next = page.get("next").isNull() ? null : page.get("next").asString();
                pages.incrementAndGet();
                if (!runDone.get()) {
                    pagesDuringRun.incrementAndGet();
                }
            }
            return keys;
        });

        long started = System.nanoTime();
        ArchiveRun run = mover.run().block(Duration.ofMinutes(5));
        long millis = (System.nanoTime() - started) / 1_000_000;
        runDone.set(true);
        List<String> paged = paging.get(5, TimeUnit.MINUTES);
        moving.set(false);
        counting.get(1, TimeUnit.MINUTES);

        ArchiveRun.TableRun quakes = quakes(run);
        System.out.printf("archive moved=%d batches=%d ms=%d partitions=%s reads during the move: counts=%d pages=%d%n",
                quakes.moved(), quakes.batches(), millis, quakes.partitionsCreated(), countsDuringRun.get(), pagesDuringRun.get());
        assertThat(quakes.outcome()).isEqualTo("done");
        assertThat(quakes.moved()).isEqualTo(75_000L);
        assertThat(quakes.batches()).isEqualTo(15);
        // partitions outlive the rows of earlier tests: created now, or already there
        assertThat(partitions("earthquakes_archive")).contains("earthquakes_archive_y2019", "earthquakes_archive_y2020",
                "earthquakes_archive_y2021", "earthquakes_archive_y2022", "earthquakes_archive_y2023");
        assertThat(wrongCounts).isEmpty();
        assertThat(countsDuringRun.get()).isPositive();
        assertThat(pagesDuringRun.get()).isPositive();
        assertThat(paged).hasSize(100_000);
        assertThat(new HashSet<>(paged)).hasSize(100_000);

        assertThat(Rows.query(DIGEST).get(0)).isEqualTo(before);
        assertThat(Rows.count("earthquakes")).isEqualTo(25_000L);
        assertThat(Rows.count("earthquakes_archive")).isEqualTo(75_000L);
        assertThat(Rows.count("earthquakes_archive_keys")).isEqualTo(75_000L);
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.earthquakes JOIN celestial.earthquakes_archive_keys USING (source_id)"))
                .containsExactly(Map.of("n", 0L));
        // each year's rows in that year's partition
        assertThat(Rows.query("""
                SELECT (SELECT relname FROM pg_class WHERE oid = a.tableoid)::text AS partition, min(extract(year FROM occurred_at AT TIME ZONE 'UTC'))::int AS first,
                       max(extract(year FROM occurred_at AT TIME ZONE 'UTC'))::int AS last
                  FROM celestial.earthquakes_archive a GROUP BY 1 ORDER BY 1""").stream()
                .map(row -> row.get("partition") + ":" + row.get("first") + "-" + row.get("last")).toList())
                .containsExactly("earthquakes_archive_y2019:2019-2019", "earthquakes_archive_y2020:2020-2020",
                        "earthquakes_archive_y2021:2021-2021", "earthquakes_archive_y2022:2022-2022",
                        "earthquakes_archive_y2023:2023-2023");

        // nothing left to move: a second run changes nothing
        ArchiveRun again = mover.run().block(Duration.ofMinutes(1));
        assertThat(quakes(again).moved()).isZero();
        assertThat(quakes(again).outcome()).isEqualTo("done");
        assertThat(Rows.query(DIGEST).get(0)).isEqualTo(before);
    }

    @Test
    void aBatchKilledMidwayRollsBackWholeAndTheNextRunResumes() throws Exception {
        TestDatabase.get().execute(Role.OWNER, QUAKES.formatted(20_000), "ANALYZE celestial.earthquakes");
        // the 12,000th oldest row stalls its insert into the archive: in the third batch of 5,000
        Object stallKey = Rows.query("SELECT source_id FROM celestial.earthquakes ORDER BY occurred_at OFFSET 11999 LIMIT 1")
                .get(0).get("source_id");
        TestDatabase.get().execute(Role.OWNER, """
                CREATE FUNCTION celestial.test_stall() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.source_id = '%s' THEN
                        PERFORM pg_sleep(60);
                    END IF;
                    RETURN NEW;
                END $$""".formatted(stallKey),
                "CREATE TRIGGER stall BEFORE INSERT ON celestial.earthquakes_archive FOR EACH ROW EXECUTE FUNCTION celestial.test_stall()");
        Map<String, Object> before = Rows.query(DIGEST).get(0);

        CompletableFuture<ArchiveRun> running = mover.run().toFuture();
        List<Map<String, Object>> stalled = List.of();
        for (int i = 0; i < 600 && stalled.isEmpty(); i++) {
            Thread.sleep(100);
            stalled = Rows.query(TestDatabase.Node.PRIMARY, Role.SUPERUSER, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
        }
        assertThat(stalled).hasSize(1);
        assertThat(Rows.count("earthquakes_archive")).isEqualTo(10_000L);
        TestDatabase.get().execute(Role.SUPERUSER, "SELECT pg_terminate_backend(" + stalled.get(0).get("pid") + ")");

        ArchiveRun killed = running.get(1, TimeUnit.MINUTES);
        assertThat(quakes(killed).outcome()).isEqualTo("failed");
        assertThat(quakes(killed).moved()).isEqualTo(10_000L);
        assertThat(Rows.count("earthquakes_archive")).isEqualTo(10_000L);
        assertThat(Rows.count("earthquakes_archive_keys")).isEqualTo(10_000L);
        assertThat(Rows.query(DIGEST).get(0)).isEqualTo(before);

        TestDatabase.get().execute(Role.OWNER, "DROP TRIGGER stall ON celestial.earthquakes_archive");
        ArchiveRun resumed = mover.run().block(Duration.ofMinutes(1));
        assertThat(quakes(resumed).outcome()).isEqualTo("done");
        assertThat(quakes(resumed).moved()).isEqualTo(5_000L);
        assertThat(Rows.count("earthquakes_archive")).isEqualTo(15_000L);
        assertThat(Rows.count("earthquakes")).isEqualTo(5_000L);
        assertThat(Rows.query(DIGEST).get(0)).isEqualTo(before);
    }

    String post(String lines) {
        return postTo("/api/v1/earthquakes", lines);
    }

    String postTo(String path, String lines) {
        return client().post().uri(path).contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(lines.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    static String quake(String id, String time, String updated, double magnitude) {
        return "{\"sourceId\":\"" + id + "\",\"time\":\"" + time + "\",\"updated\":\"" + updated
                + "\",\"latitude\":35,\"longitude\":139,\"magnitude\":" + magnitude + ",\"depthKm\":10}\n";
    }

    @Test
    void ingestingAnArchivedEventChangesNothingAndCountsItUnchanged() {
        post(quake("old-1", "2019-05-01T00:00:00Z", "2019-05-02T00:00:00Z", 5.0));
        // through the admin endpoint this time
        JsonNode run = json.readTree(client().post().uri("/api/v1/admin/archive/run").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(run.get("tables").get(0).get("table").asString()).isEqualTo("earthquakes");
        assertThat(run.get("tables").get(0).get("moved").asLong()).isEqualTo(1);
        assertThat(run.get("tables").get(0).get("outcome").asString()).isEqualTo("done");

        // a newer revision of the archived event, beside a new old one: only the new one goes in
        JsonNode answer = json.readTree(post(quake("old-1", "2019-05-01T00:00:00Z", "2020-01-01T00:00:00Z", 6.5)
                + quake("old-2", "2019-06-01T00:00:00Z", "2019-06-02T00:00:00Z", 4.0)));
        assertThat(answer.get("inserted").asLong()).isEqualTo(1);
        assertThat(answer.get("updated").asLong()).isZero();
        assertThat(answer.get("unchanged").asLong()).isEqualTo(1);
        // the archived event alone, as the COPY path would take it: still unchanged
        answer = json.readTree(post(quake("old-1", "2019-05-01T00:00:00Z", "2021-01-01T00:00:00Z", 7.0)));
        assertThat(answer.get("unchanged").asLong()).isEqualTo(1);

        assertThat(Rows.query("SELECT source_id FROM celestial.earthquakes")).containsExactly(Map.of("source_id", "old-2"));
        assertThat(Rows.query("SELECT magnitude FROM celestial.earthquakes_archive WHERE source_id = 'old-1'"))
                .containsExactly(Map.of("magnitude", 5.0));
    }

    @Test
    void solarEventsAndEruptionsMoveIntoTheirYearlyPartitionsToo() {
        TestDatabase.get().execute(Role.OWNER, """
                INSERT INTO celestial.solar_events (kind, event_id, begin_at, class_type)
                VALUES ('flare', 'ar-flr-1', '2017-09-06T11:53Z', 'X9.3'), ('cme', 'ar-cme-1', '2012-07-23T02:36Z', NULL),
                       ('flare', 'ar-flr-2', now() - interval '1 day', 'M1.0')""", """
                INSERT INTO celestial.volcanic_activity (volcano_number, volcano_name, location, eruption_start, vei)
                VALUES ('283030', 'Fuji', 'SRID=4326;POINT(138.73 35.36)', '1707-12-16T00:00Z', 5),
                       ('211060', 'Etna', 'SRID=4326;POINT(15.0 37.75)', now() - interval '10 days', 2)""");

        ArchiveRun run = mover.run().block(Duration.ofMinutes(1));

        assertThat(run.tables()).extracting(ArchiveRun.TableRun::table, ArchiveRun.TableRun::moved)
                .containsExactly(tuple("earthquakes", 0L), tuple("solar_events", 2L), tuple("volcanic_activity", 1L));
        assertThat(partitions("solar_events_archive")).contains("solar_events_archive_y2012", "solar_events_archive_y2017");
        assertThat(partitions("volcanic_activity_archive")).contains("volcanic_activity_archive_y1707");
        assertThat(Rows.query("SELECT event_id, class_intensity FROM celestial.solar_events_archive_y2017"))
                .containsExactly(Map.of("event_id", "ar-flr-1", "class_intensity", 9.3e-4));
        assertThat(Rows.query("SELECT volcano_name FROM celestial.volcanic_activity_archive_y1707"))
                .containsExactly(Map.of("volcano_name", "Fuji"));
        assertThat(Rows.query("SELECT event_id FROM celestial.solar_events")).containsExactly(Map.of("event_id", "ar-flr-2"));
        assertThat(Rows.query("SELECT volcano_name FROM celestial.volcanic_activity")).containsExactly(Map.of("volcano_name", "Etna"));

        // ingesting them again leaves them archived, unchanged, and nothing live
        assertThat(json.readTree(postTo("/api/v1/solar-events", """
                {"kind":"flare","eventId":"ar-flr-1","beginTime":"2017-09-06T11:53:00Z","classType":"X9.3","version":7}
                """)).get("unchanged").asLong()).isEqualTo(1);
        assertThat(json.readTree(postTo("/api/v1/volcanic-activity", """
                {"volcanoNumber":"283030","volcanoName":"Fuji","latitude":35.36,"longitude":138.73,"eruptionStart":"1707-12-16T00:00:00Z","vei":6}
                """)).get("unchanged").asLong()).isEqualTo(1);
        assertThat(Rows.count("solar_events")).isEqualTo(1);
        assertThat(Rows.count("volcanic_activity")).isEqualTo(1);
        assertThat(Rows.query("SELECT vei::int AS vei FROM celestial.volcanic_activity_archive")).containsExactly(Map.of("vei", 5));
    }

    @Test
    void readsIncludeTheArchiveWhenAskedOrWhenTheirTimeRangeReachesBeforeTheCutoff() throws Exception {
        post(quake("old-1", "2019-05-01T00:00:00Z", "2019-05-02T00:00:00Z", 5.0)
                + quake("old-2", "2020-05-01T00:00:00Z", "2020-05-02T00:00:00Z", 5.5)
                + quake("new-1", java.time.Instant.now().minusSeconds(86_400).toString(), java.time.Instant.now().minusSeconds(86_400).toString(), 4.0));
        assertThat(quakes(mover.run().block(Duration.ofMinutes(1))).moved()).isEqualTo(2);

        client().get().uri("/api/v1/earthquakes/old-1").exchange().expectStatus().isNotFound();
        assertThat(get("/api/v1/earthquakes/old-1?includeArchive=true").get("sourceId").asString()).isEqualTo("old-1");

        String nearby = "/api/v1/earthquakes/nearby?lat=35&lon=139&radiusKm=10";
        assertThat(ids(get(nearby))).containsExactly("new-1");
        assertThat(ids(get(nearby + "&includeArchive=true"))).containsExactly("new-1", "old-2", "old-1");
        assertThat(ids(get(nearby + "&from=2019-01-01"))).containsExactly("new-1", "old-2", "old-1");
        assertThat(ids(get(nearby + "&to=2020-01-01"))).containsExactly("old-1");
        assertThat(ids(get(nearby + "&from=2019-01-01&includeArchive=false"))).containsExactly("new-1");
        assertThat(ids(get(nearby + "&from=" + java.time.Instant.now().minusSeconds(30 * 86_400)))).containsExactly("new-1");
        String box = "/api/v1/earthquakes?minLat=30&maxLat=40&minLon=130&maxLon=140";
        assertThat(ids(get(box))).containsExactly("new-1");
        assertThat(ids(get(box + "&from=2019-01-01&orderBy=time-asc"))).containsExactly("old-1", "old-2", "new-1");

        // keyset pages across live and archive: one row per page, each once
        List<String> paged = new ArrayList<>();
        String next = nearby + "&includeArchive=true&limit=1&orderBy=magnitude";
        while (next != null) {
            JsonNode page = get(next);
            paged.addAll(ids(page));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(paged).containsExactly("old-2", "old-1", "new-1");

        assertThat(fdsnCount("latitude=35&longitude=139&maxradiuskm=10")).isEqualTo("1");
        assertThat(fdsnCount("starttime=2019-01-01")).isEqualTo("3");
        assertThat(fdsnCount("includeArchive=true")).isEqualTo("3");
        assertThat(fdsnCount("includearchive=true&endtime=2020-01-01")).isEqualTo("1");
        assertThat(fdsnCount("starttime=2019-01-01&includeArchive=false")).isEqualTo("1");
        String text = client().get().uri("/fdsnws/event/1/query?starttime=2019-01-01&format=text&orderby=time-asc").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(text.lines().skip(1).map(line -> line.split("\\|")[0]).toList()).containsExactly("old-1", "old-2", "new-1");

        // the union is flattened: each side's spatial index answers the radius, and a time range prunes the years
        String radius = "SELECT source_id FROM celestial.earthquakes_with_archive"
                + " WHERE ST_DWithin(location, ST_MakePoint(139, 35)::geography, 10000)";
        assertThat(plan(radius + " ORDER BY occurred_at DESC, source_id DESC LIMIT 10"))
                .contains("earthquakes_location_time_gix").containsPattern("earthquakes_archive_y2019_location_idx");
        assertThat(plan(radius + " AND occurred_at >= '2020-01-01Z'")).contains("earthquakes_archive_y2020")
                .doesNotContain("earthquakes_archive_y2019");
    }

    static String plan(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, Role.READER);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            List<String> lines = new ArrayList<>();
            try (java.sql.ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }

    static List<String> partitions(String parent) {
        return Rows.query("SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'celestial." + parent + "'::regclass").stream().map(row -> (String) row.get("name")).toList();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("sourceId").asString()));
        return ids;
    }

}
