package dev.celestial.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.db.Where;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chunk's correlation work follows the chunk, not the tables: on 1M earthquakes and 10k solar events
 * (ten years, loaded once for the class with generate_series), the statements the evaluator runs for a
 * chunk reach both tables through indexes only, as the writer plans them (without the ingest
 * transaction's enable_seqscan = off). Buffers touched per chunk size are printed as {@code fault} lines.
 */
@IntegrationTest
class CorrelationPlanIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Rule FLARES_THEN_QUAKES = Rule.parse(JSON.readTree("""
            {"first": {"kind": "solar_event", "solarKind": "flare", "minClass": "X1.0"},
             "second": {"kind": "earthquake", "minMagnitude": 6}, "withinHours": 48}"""), "rule");
    static final Rule AFTERSHOCKS = Rule.parse(JSON.readTree("""
            {"first": {"kind": "earthquake", "minMagnitude": 5}, "second": {"kind": "earthquake", "minMagnitude": 4},
             "withinHours": 2, "withinKm": 100}"""), "rule");

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    static boolean loaded;

    /** Once for the class, after the context has migrated the schema. */
    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        long started = System.nanoTime();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, """
                INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)
                SELECT 'q' || i, timestamptz '2015-01-01T00:00Z' + i * interval '5 minutes', 2 + (i * 7919 % 600) / 100.0,
                       ST_SetSRID(ST_MakePoint((i * 37 % 3600) / 10.0 - 180, (i * 53 % 1700) / 10.0 - 85), 4326)::geography
                  FROM generate_series(1::bigint, 1000000) i""", """
                INSERT INTO celestial.solar_events (kind, event_id, begin_at, class_type, cme_speed_kms)
                SELECT CASE WHEN i % 2 = 0 THEN 'flare' ELSE 'cme' END, 's' || i,
                       timestamptz '2015-01-01T00:00Z' + i * interval '526 minutes',
                       CASE WHEN i % 2 = 0 THEN (ARRAY['A', 'B', 'C', 'M', 'X'])[1 + i / 2 % 5] || (1 + i % 9) || '.0' END,
                       CASE WHEN i % 2 = 1 THEN 200 + i % 2000 END
                  FROM generate_series(1::bigint, 10000) i""",
                "ANALYZE celestial.earthquakes", "ANALYZE celestial.solar_events");
        loaded = true;
        System.out.printf("fault correlation-plan loaded earthquakes=1000000 solar_events=10000 ms=%d%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void clean() {
        TestDatabase.get().cleanEventTables();
    }

    static Keys keys(String prefix, int from, int count) {
        return new Keys(IntStream.range(from, from + count).mapToObj(i -> prefix + i).toArray(String[]::new), null);
    }

    /** The writer's plan of the statement for {@code keys} on {@code driving}'s side, as text. */
    String plan(Rule rule, CorrelationSql.Driving driving, EventKind kind, Keys keys, String options) {
        Where where = CorrelationSql.byKeys(kind, driving, keys);
        String sql = CorrelationSql.insert(1, rule, where);
        // EXPLAIN ANALYZE runs the insert: in a transaction rolled back by the failing statement after it
        return String.join("\n", where.apply(writer, "EXPLAIN (" + options + ") " + sql).map(row -> row.get(0, String.class)).all()
                .collectList().block(Duration.ofMinutes(2)));
    }

    /** The plan without its long key arrays. */
    static String shown(String plan) {
        return plan.replaceAll("'\\{[^}]{60,}}'", "'{...}'");
    }

    /** No table is read whole: every scan goes through an index. */
    static void indexOnly(String plan) {
        assertThat(plan).doesNotContain("Seq Scan").containsAnyOf("Index Scan", "Index Only Scan", "Bitmap Index Scan");
        assertThat(plan).containsPattern("(Index Scan|Index Only Scan|Bitmap Heap Scan)( using \\S+)? on earthquakes");
    }

    @Test
    void aChunkOfQuakesFindsItsFlaresThroughIndexes() {
        String plan = plan(FLARES_THEN_QUAKES, CorrelationSql.Driving.SECOND, EventKind.EARTHQUAKE, keys("q", 500_001, 1000), "COSTS OFF");
        System.out.println(shown(plan));
        indexOnly(plan);
        // the big table by the chunk's keys; the flares by whichever index is cheaper (their time, or the X-class one)
        assertThat(plan).contains("Index Scan using earthquakes_source_id_key on earthquakes s");
    }

    @Test
    void aChunkOfFlaresFindsItsQuakesThroughTheTimeIndex() {
        String plan = plan(FLARES_THEN_QUAKES, CorrelationSql.Driving.FIRST, EventKind.SOLAR_EVENT, keys("s", 5000, 100), "COSTS OFF");
        System.out.println(shown(plan));
        indexOnly(plan);
        assertThat(plan).contains("Index Scan using earthquakes_occurred_at_idx on earthquakes s");
    }

    @Test
    void aDistanceRuleDrivenEitherWayStaysOnIndexes() {
        for (CorrelationSql.Driving driving : CorrelationSql.Driving.values()) {
            String plan = plan(AFTERSHOCKS, driving, EventKind.EARTHQUAKE, keys("q", 700_001, 1000), "COSTS OFF");
            System.out.println(shown(plan));
            indexOnly(plan);
            assertThat(plan).contains(driving == CorrelationSql.Driving.FIRST ? "earthquakes_source_id_key on earthquakes f"
                    : "earthquakes_source_id_key on earthquakes s");
        }
    }

    @Test
    void workGrowsWithTheChunkNotTheTable() {
        for (int size : List.of(10, 100, 1000)) {
            String plan = plan(FLARES_THEN_QUAKES, CorrelationSql.Driving.SECOND, EventKind.EARTHQUAKE, keys("q", 600_001, size),
                    "ANALYZE, BUFFERS, TIMING OFF, COSTS OFF, FORMAT TEXT");
            String buffers = plan.lines().filter(line -> line.contains("Buffers:")).findFirst().orElse("").trim();
            System.out.printf("fault correlation-plan chunk=%d %s%n", size, buffers);
            indexOnly(plan);
        }
    }
}
