package dev.celestial.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Which replica failures a read survives by running again on the primary: a recovery conflict (the
 * standby cancelling the query, 40001) before anything was emitted, yes; an error in the statement
 * itself, or any failure after the read emitted, no. The failures are raised by the replica itself.
 */
@IntegrationTest
class ReplicaRetryIntegrationTests {

    /** Fails on the standby only, as a recovery conflict does; answers where it ran on the primary. */
    static final String CONFLICT_ON_STANDBY = """
            DO $$ BEGIN
              IF pg_is_in_recovery() THEN
                RAISE EXCEPTION 'canceling statement due to conflict with recovery' USING ERRCODE = 'serialization_failure';
              END IF;
            END $$""";

    @Autowired
    ReadRouter router;

    @Autowired
    ReplicaMonitor monitor;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("reader")
    DatabaseClient reader;

    @BeforeEach
    void replicaInUse() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> router.unusable(monitor.state()) == null);
    }

    MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/test"));
    }

    /** Where the statement ran: "replica" or "primary", after running {@code before} there. */
    static Flux<String> where(DatabaseClient db, String before) {
        return db.sql(before).then()
                .thenMany(db.sql("SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END AS at")
                        .map(row -> row.get("at", String.class)).all());
    }

    double conflicts() {
        var counter = meters.find("celestial.read.fallbacks").tag("reason", "replica-conflict").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRecoveryConflictBeforeAnythingWasEmittedRunsAgainOnThePrimary() {
        double before = conflicts();
        MockServerWebExchange exchange = exchange();
        StepVerifier.create(router.read(exchange, null, db -> where(db, CONFLICT_ON_STANDBY)))
                .expectNext("primary").verifyComplete();
        exchange.getResponse().setComplete().block();
        assertThat(exchange.getResponse().getHeaders().getFirst(ReadRouter.SERVED_BY)).isEqualTo("primary");
        assertThat(conflicts()).isEqualTo(before + 1);
        // a conflict says nothing about the replica's health: the next read goes there again
        assertThat(router.unusable(monitor.state())).isNull();
        StepVerifier.create(router.read(exchange(), null, db -> where(db, "SELECT 1"))).expectNext("replica").verifyComplete();
    }

    @Test
    void anErrorInTheStatementItselfIsNotRunAgain() {
        StepVerifier.create(router.read(exchange(), null, db -> where(db, "SELECT 1 / 0")))
                .expectErrorSatisfies(error -> assertThat(sqlState(error)).isEqualTo("22012"))
                .verify();
    }

    static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc) {
                return r2dbc.getSqlState();
            }
        }
        return null;
    }

    @Test
    void aConflictAfterTheReadEmittedIsNotRunAgain() {
        List<String> emitted = new ArrayList<>();
        StepVerifier.create(router.read(exchange(), null, db -> where(db, "SELECT 1").concatWith(where(db, CONFLICT_ON_STANDBY)))
                        .doOnNext(emitted::add))
                .expectNext("replica")
                .expectErrorSatisfies(error -> assertThat(sqlState(error)).isEqualTo("40001"))
                .verify();
        assertThat(emitted).containsExactly("replica");
    }
}
