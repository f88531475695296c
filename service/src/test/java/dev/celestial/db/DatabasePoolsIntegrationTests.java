package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

@IntegrationTest
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

    @AfterEach
    void clean() {
        db.cleanEventTables();
    }

    @Test
    void writerIsTheWriterRoleOnThePrimary() {
        StepVerifier.create(writer.sql(WHO).map(row -> row.get("who", String.class) + "/" + row.get("standby", Boolean.class)).one())
                .expectNext(db.user(TestDatabase.Role.WRITER) + "/false")
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
        assertThat(readerPool.getMetrics()).hasValueSatisfying(metrics -> assertThat(metrics.getMaxAllocatedSize()).isEqualTo(16));
    }
}
