package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * A cancelled read's connection goes back to its pool only once the replica has finished the discarded
 * statement; taking a connection is bounded without the pool's own timer.
 */
class ReaderConnectionsIntegrationTests {

    static final String SLOW = "SELECT pg_sleep(%s)::text AS slept";
    static final String PID = "SELECT pg_backend_pid() AS pid";

    final TestDatabase db = TestDatabase.get();
    final WheelTimer timer = new WheelTimer();
    ConnectionPool pool;

    @AfterEach
    void dispose() {
        pool.dispose();
        timer.destroy();
        // a closed connection's statement runs on until it finishes; later tests watch the replica's backends
        Rows.query(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER,
                "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()");
    }

    @Test
    void aCancelledReadHoldsItsConnectionUntilTheReplicaHasFinishedItsStatement() {
        DatabaseClient reader = reader(Duration.ofSeconds(10));
        int pid = cancelWhileSleeping(reader, 1.5);

        // still out of the pool while the replica sleeps on; back in it, same backend, once the statement is done
        assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.getMetrics().orElseThrow().acquiredSize() == 0);
        assertThat(running(pid)).isFalse();
        assertThat(pid(reader)).isEqualTo(pid);
    }

    @Test
    void aCancelledReadThatDoesNotDrainWithinTheBoundHasItsConnectionClosed() {
        DatabaseClient reader = reader(Duration.ofMillis(200));
        int pid = cancelWhileSleeping(reader, 5);

        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> pool.getMetrics().orElseThrow().acquiredSize() == 0);
        assertThat(running(pid)).as("the replica is still sleeping for the closed connection").isTrue();
        assertThat(pid(reader)).as("the next read runs on a new connection, not behind the sleep").isNotEqualTo(pid);
    }

    @Test
    void aCompletedReadGoesBackAtOnce() {
        DatabaseClient reader = reader(Duration.ofSeconds(10));
        int pid = pid(reader);
        assertThat(ReaderConnections.drainOnCancel(reader.sql(PID).map(row -> row.get("pid", Integer.class)).all()).blockLast()).isEqualTo(pid);
        assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero();
        assertThat(pid(reader)).isEqualTo(pid);
    }

    @Test
    void takingAConnectionFromAnExhaustedPoolFailsAsBusyWhichTheReadRouterDoesNotTakeForALostReplica() {
        DatabaseClient reader = reader(Duration.ofSeconds(10), Duration.ofMillis(300));
        int pid = pid(reader);
        Disposable holder = reader.sql(SLOW.formatted(3)).fetch().all().subscribe();
        awaitRunning(pid);

        StepVerifier.create(reader.sql(PID).fetch().all())
                .expectErrorSatisfies(error -> assertThat(error).hasRootCauseInstanceOf(TimeoutException.class)
                        .hasCauseInstanceOf(ReaderConnections.Busy.class)
                        .hasStackTraceContaining("no reader connection free within 300 ms")
                        .satisfies(e -> assertThat(DatabaseErrors.isConnectionError(e)).isFalse()))
                .verify(Duration.ofSeconds(5));
        holder.dispose();
    }

    /** A one-connection pool on the replica, like the service's reader pool, that drains within {@code drainTime}. */
    private DatabaseClient reader(Duration drainTime) {
        return reader(drainTime, Duration.ofSeconds(10));
    }

    private DatabaseClient reader(Duration drainTime, Duration acquireTime) {
        DatabaseProperties.Pool settings = new DatabaseProperties.Pool(1, 1, acquireTime, Duration.ofSeconds(5), drainTime,
                Duration.ofMinutes(5), Duration.ofMinutes(30), ValidationDepth.LOCAL);
        ReaderConnections connections = new ReaderConnections(new DatabaseProperties.Node(db.r2dbcUrl(TestDatabase.Node.REPLICA),
                db.user(TestDatabase.Role.READER), db.password(TestDatabase.Role.READER), Duration.ofSeconds(5),
                Duration.ofSeconds(30), settings, null), null, timer);
        pool = connections.pool();
        return DatabaseClient.create(connections);
    }

    /** Starts a marked read that sleeps {@code seconds} on the replica and cancels it mid-statement; the backend's pid. */
    private static int cancelWhileSleeping(DatabaseClient reader, double seconds) {
        int pid = pid(reader);
        Disposable read = ReaderConnections.drainOnCancel(reader.sql(SLOW.formatted(seconds)).fetch().all()).subscribe();
        awaitRunning(pid);
        read.dispose();
        return pid;
    }

    private static int pid(DatabaseClient reader) {
        return ReaderConnections.drainOnCancel(reader.sql(PID).map(row -> row.get("pid", Integer.class)).all()).blockLast(Duration.ofSeconds(10));
    }

    private static void awaitRunning(int pid) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> running(pid));
    }

    private static boolean running(int pid) {
        return !Rows.query(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER,
                "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active' AND query LIKE 'SELECT pg_sleep%'").isEmpty();
    }
}
