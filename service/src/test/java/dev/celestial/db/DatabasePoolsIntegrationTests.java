package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

@IntegrationTest
@CleanEventTables
class DatabasePoolsIntegrationTests {

    static final String WHO = "SELECT current_user::text AS who, pg_is_in_recovery() AS standby";

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    @Autowired
    @Qualifier("reader")
    DatabaseClient reader;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @Autowired
    @Qualifier("readerPool")
    ConnectionPool readerPool;

    final TestDatabase db = TestDatabase.get();

    @Test
    void writerIsTheWriterRoleOnThePrimary() {
        StepVerifier.create(writer.sql(WHO).map(row -> row.get("who", String.class) + "/" + row.get("standby", Boolean.class)).one())
                .expectNext(db.user(TestDatabase.Role.WRITER) + "/false")
                .verifyComplete();
    }

    @Test
    void aPrimaryRestartCostsTheNextQueryNothingThoughEveryIdleConnectionBroke() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        // every writer connection open and idle, then all of them broken by the restart
        Flux.range(0, 10).flatMap(i -> writer.sql("SELECT pg_sleep(0.2)").then(), 10).blockLast(Duration.ofSeconds(10));
        assertThat(writerPool.getMetrics().orElseThrow().idleSize()).isEqualTo(10);
        db.stop(TestDatabase.Node.PRIMARY, "fast");
        db.startAll();
        StepVerifier.create(writer.sql(WHO).map(row -> row.get("who", String.class)).one())
                .expectNext(db.user(TestDatabase.Role.WRITER))
                .verifyComplete();
    }

    @Test
    void readerIsTheReaderRoleOnTheReplica() {
        StepVerifier.create(reader.sql(WHO).map(row -> row.get("who", String.class) + "/" + row.get("standby", Boolean.class)).one())
                .expectNext(db.user(TestDatabase.Role.READER) + "/true")
                .verifyComplete();
    }

    @Test
    void replicaRefusesWritesEvenFromTheReaderPool() {
        StepVerifier.create(reader.sql("CREATE TEMP TABLE t (i int)").then())
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("read-only transaction"))
                .verify();
    }

    @Test
    void rowWrittenThroughTheWriterIsReadThroughTheReader() {
        Mono<Long> write = writer.sql("""
                        INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)
                        VALUES (:id, now(), 4.2, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)""")
                .bind("id", "pool-test").bind("lon", 128.25).bind("lat", 2.92)
                .fetch().rowsUpdated();
        Mono<String> read = reader.sql("SELECT source_id FROM celestial.earthquakes WHERE source_id = :id")
                .bind("id", "pool-test").map(row -> row.get(0, String.class)).one()
                .repeatWhenEmpty(10, attempts -> attempts.delayElements(Duration.ofMillis(100)))
                .retryWhen(Retry.fixedDelay(3, Duration.ofMillis(100)));
        StepVerifier.create(write.then(read)).expectNext("pool-test").verifyComplete();
    }

    @Test
    void poolSizesComeFromConfigurationAndConnectionsAreReturned() {
        StepVerifier.create(writer.sql("SELECT 1").map(row -> row.get(0, Integer.class)).one()).expectNext(1).verifyComplete();
        assertThat(writerPool.getMetrics()).hasValueSatisfying(metrics -> assertThat(metrics.getMaxAllocatedSize()).isEqualTo(10));
        // released asynchronously (after the rollback-on-release check), and the monitors borrow one now and then
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isZero());
        assertThat(readerPool.getMetrics()).hasValueSatisfying(metrics -> assertThat(metrics.getMaxAllocatedSize()).isEqualTo(4));
    }

    // timestamps are read through InstantCodec, which every pool registers; compared with PostgreSQL's own arithmetic

    @Test
    void everyInstantReadsAsPostgresqlCountsItsMicroseconds() {
        for (DatabaseClient db : List.of(writer, reader)) {
            List<long[]> mismatches = db.sql("""
                            SELECT t, (extract(epoch FROM t) * 1000000)::int8 AS micros
                              FROM (SELECT timestamptz '1900-01-01 00:00:00.000001Z' + i * interval '7 days 3 hours 17.123457 seconds' AS t
                                      FROM generate_series(0, 9000) AS i) s
                             WHERE :on""")
                    .bind("on", true)
                    .map(row -> new long[] {micros(row.get("t", Instant.class)), row.get("micros", Long.class)})
                    .all()
                    .filter(pair -> pair[0] != pair[1])
                    .collectList()
                    .block();
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    void edgesReadAsTheInstantsTheyAre() {
        assertThat(read("timestamptz '1969-12-31 23:59:59.999999Z'")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(read("timestamptz '1999-12-31 23:59:59.999999Z'")).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(read("timestamptz '2000-01-01 00:00:00Z'")).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(read("timestamptz '2024-03-10 14:34:56.789+02'")).isEqualTo(Instant.parse("2024-03-10T12:34:56.789Z"));
        assertThat(read("timestamptz '4713-01-01 00:00:00Z BC'")).isEqualTo(Instant.parse("-4712-01-01T00:00:00Z"));
        assertThat(read("timestamptz 'infinity'")).isEqualTo(Instant.MAX);
        assertThat(read("timestamptz '-infinity'")).isEqualTo(Instant.MIN);
        assertThat(writer.sql("SELECT NULL::timestamptz AS t WHERE :on").bind("on", true)
                .map(row -> Optional.ofNullable(row.get("t", Instant.class))).one().block()).isEmpty();
    }

    @Test
    void instantsAreStillWrittenByTheDriversCodec() {
        // the driver writes an Instant as text, which PostgreSQL rounds to the microsecond
        Instant written = Instant.parse("2024-01-01T00:00:00.123456789Z");
        String stored = writer.sql("SELECT (:t::timestamptz AT TIME ZONE 'UTC')::text AS t").bind("t", written)
                .map(row -> row.get("t", String.class)).one().block();
        assertThat(stored).isEqualTo("2024-01-01 00:00:00.123457");
        Object asObject = writer.sql("SELECT timestamptz '2024-01-01Z' AS t WHERE :on").bind("on", true).map(row -> row.get("t")).one().block();
        assertThat(asObject).as("reads not asking for an Instant keep the driver's type").isNotInstanceOf(Instant.class);
    }

    private Instant read(String expression) {
        // a statement with a bind goes by the extended protocol, whose results are binary (forceBinary)
        return writer.sql("SELECT " + expression + " AS t WHERE :on").bind("on", true).map(row -> row.get("t", Instant.class)).one().block();
    }

    private static long micros(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1_000;
    }
}
