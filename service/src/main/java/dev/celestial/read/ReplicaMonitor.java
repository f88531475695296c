package dev.celestial.read;

import dev.celestial.db.DatabaseProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Samples the replica on a fixed interval: reachable, still in recovery, replayed WAL position, and
 * its lag behind the primary in bytes and in seconds. The seconds are measured here, as how long ago
 * the primary's own WAL position passed the replica's replay position, so an idle primary never makes
 * a caught-up replica look late. Samples use their own connections (not the reader pool), so reads
 * that keep every reader connection busy do not make the replica look unreachable.
 */
@Component
public class ReplicaMonitor {

    private static final String REPLICA = """
            SELECT pg_is_in_recovery() AS in_recovery,
                   coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text AS replay_lsn
            """;
    private static final String PRIMARY = "SELECT pg_current_wal_lsn()::text AS lsn";

    /** A day of one-second marks while the replica stands still; later marks are not needed to measure it. */
    private static final int MAX_MARKS = 86_400;

    private record Mark(Instant at, Lsn primary) {
    }

    private final DatabaseClient replica;
    /** The control pool's client: a writer pool full of uploads must not stop the lag from being measured. */
    private final DatabaseClient primary;
    private final Duration timeout;
    private final Deque<Mark> history = new ArrayDeque<>();
    private volatile ReplicaState state = ReplicaState.unknown();

    ReplicaMonitor(@Qualifier("replicaProbe") DatabaseClient replica, @Qualifier("control") DatabaseClient primary,
                   DatabaseProperties database, MeterRegistry meters) {
        this.replica = replica;
        this.primary = primary;
        this.timeout = database.healthTimeout();
        Gauge.builder("celestial.replica.lag.bytes", this, m -> m.state.lagBytes()).baseUnit("bytes").register(meters);
        Gauge.builder("celestial.replica.lag.seconds", this, m -> m.state.lagSeconds()).baseUnit("seconds").register(meters);
        Gauge.builder("celestial.replica.reachable", this, m -> m.state.reachable() ? 1 : 0).register(meters);
    }

    public ReplicaState state() {
        return state;
    }

    /** The primary's WAL position at the last sample, or null before the first. */
    synchronized Lsn primaryLsn() {
        Mark last = history.peekLast();
        return last == null ? null : last.primary();
    }

    /**
     * A read just lost its connection to the replica: treat it as unreachable now rather than at the next
     * sample, so the reads in between go straight to the primary and readiness says so.
     */
    void failed(Throwable error) {
        state = ReplicaState.unreachable(Instant.now(), describe(error));
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    /** Spring calls this once and subscribes to the result on every tick, hence the {@code defer}. */
    @Scheduled(fixedDelayString = "${celestial.routing.monitor-interval}")
    Mono<Void> sample() {
        return Mono.defer(this::sampleOnce);
    }

    private Mono<Void> sampleOnce() {
        Mono<Lsn> primaryLsn = primary.sql(PRIMARY).map(row -> Lsn.parse(row.get("lsn", String.class))).one()
                .timeout(timeout)
                .onErrorResume(error -> Mono.empty());
        Instant started = Instant.now();
        return replica.sql(REPLICA)
                .map(row -> new Object[] {Boolean.TRUE.equals(row.get("in_recovery", Boolean.class)),
                        Lsn.parse(row.get("replay_lsn", String.class))})
                .one()
                .timeout(timeout)
                .flatMap(replica -> primaryLsn.map(p -> measure((Boolean) replica[0], (Lsn) replica[1], p))
                        .defaultIfEmpty(new ReplicaState(Instant.now(), true, (Boolean) replica[0], (Lsn) replica[1], -1, 0, null)))
                .onErrorResume(error -> Mono.just(ReplicaState.unreachable(Instant.now(), describe(error))))
                .doOnNext(sampled -> {
                    // a failure a read saw while this sample ran is newer news than the sample
                    ReplicaState current = state;
                    if (current.reachable() || !current.sampledAt().isAfter(started)) {
                        state = sampled;
                    }
                })
                .then();
    }

    private synchronized ReplicaState measure(boolean inRecovery, Lsn replay, Lsn primary) {
        Instant now = Instant.now();
        if (history.isEmpty() || history.peekLast().primary().compareTo(primary) < 0) {
            history.addLast(new Mark(now, primary));
            if (history.size() > MAX_MARKS) {
                history.removeLast();
            }
        }
        while (history.size() > 1 && history.peekFirst().primary().compareTo(replay) <= 0) {
            history.removeFirst();
        }
        double lagSeconds = 0;
        if (replay.compareTo(primary) < 0 && !history.isEmpty() && history.peekFirst().primary().compareTo(replay) > 0) {
            lagSeconds = Duration.between(history.peekFirst().at(), now).toMillis() / 1000.0;
        }
        return new ReplicaState(now, true, inRecovery, replay, Math.max(0, primary.value() - replay.value()), lagSeconds, null);
    }
}
