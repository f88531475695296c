package dev.celestial.db;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Health of the two nodes. The primary is part of readiness: without it nothing can be written.
 * The replica is shown in readiness but never makes the service unready: when it is unavailable its
 * status is {@code DEGRADED}, which the readiness aggregate ignores, and reads use the primary.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfig {

    static final Status DEGRADED = new Status("DEGRADED", "replica unavailable");

    private static final String PROBE = """
            SELECT pg_is_in_recovery() AS in_recovery,
                   (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn
            """;

    record NodeState(boolean inRecovery, String lsn) {
    }

    /** On the control pool: a writer pool full of uploads is a busy primary, not an unready instance. */
    @Bean
    ReactiveHealthIndicator primaryHealthIndicator(@Qualifier("control") DatabaseClient control, DatabaseProperties properties) {
        return () -> probe(control, properties.healthTimeout())
                .map(state -> (state.inRecovery()
                        ? Health.down().withDetail("reason", "the primary URL points at a server in recovery")
                        : Health.up()).withDetail("walLsn", state.lsn()).build())
                .onErrorResume(error -> Mono.just(Health.down().withDetail("error", describe(error)).build()));
    }

    @Bean
    ReactiveHealthIndicator replicaHealthIndicator(@Qualifier("replicaProbe") DatabaseClient replica, DatabaseProperties properties) {
        return () -> probe(replica, properties.healthTimeout())
                .map(state -> (state.inRecovery()
                        ? Health.up()
                        : Health.status(DEGRADED).withDetail("reason", "not in recovery: not a streaming replica"))
                        .withDetail("inRecovery", state.inRecovery())
                        .withDetail("replayLsn", state.lsn()).build())
                .onErrorResume(error -> Mono.just(Health.status(DEGRADED).withDetail("error", describe(error)).build()));
    }

    private static Mono<NodeState> probe(DatabaseClient client, Duration timeout) {
        return client.sql(PROBE)
                .map(row -> new NodeState(Boolean.TRUE.equals(row.get("in_recovery", Boolean.class)), row.get("lsn", String.class)))
                .one()
                .timeout(timeout);
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
