package dev.celestial.routing;

import dev.celestial.db.DatabaseProperties;
import dev.celestial.db.ReaderConnections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
                   coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text AS replay_lsn,
                   coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0) AS node
            """;
    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);
    private static final String PRIMARY = "SELECT pg_current_wal_lsn()::text AS lsn";

    /** A day of one-second marks while the replica stands still; later marks are not needed to measure it. */
    private static final int MAX_MARKS = 86_400;

    private record Mark(Instant at, Lsn primary) {
    }

    private record Sample(boolean inRecovery, Lsn replay, String node) {
    }

    private final DatabaseClient replica;
    /** The control pool's client: a writer pool full of uploads must not stop the lag from being measured. */
    private final DatabaseClient primary;
    private final Duration timeout;
    private final ReaderConnections readers;
    /** What the last answered sample found: which node, and whether in recovery. */
    private volatile String lastSeen;
    private final Deque<Mark> history = new ArrayDeque<>();
    private volatile ReplicaState state = ReplicaState.unknown();

    ReplicaMonitor(@Qualifier("replicaProbe") DatabaseClient replica, @Qualifier("control") DatabaseClient primary,
                   DatabaseProperties database, ReaderConnections readers, MeterRegistry meters) {
        this.replica = replica;
        this.readers = readers;
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
                .map(row -> new Sample(Boolean.TRUE.equals(row.get("in_recovery", Boolean.class)),
                        Lsn.parse(row.get("replay_lsn", String.class)), row.get("node", String.class)))
                .one()
                .timeout(timeout)
                .doOnNext(this::noticeRoleChange)
                .flatMap(replica -> primaryLsn.map(p -> measure(replica, p))
                        .defaultIfEmpty(new ReplicaState(Instant.now(), true, replica.inRecovery(), replica.replay(), -1, 0, null, replica.node())))
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

    /**
     * A sample from another node than the last, or from the same one in another role (promoted), means the
     * reader pool's connections may sit on a node that is no longer a standby: they are retired.
     */
    private void noticeRoleChange(Sample sample) {
        String seen = sample.node() + (sample.inRecovery() ? " standby" : " primary");
        String before = lastSeen;
        lastSeen = seen;
        if (before != null && !before.equals(seen)) {
            log.info("replica sample: {} was {}; reader connections opened before are retired", seen, before);
            readers.retire();
        }
    }

    private synchronized ReplicaState measure(Sample sample, Lsn primary) {
        boolean inRecovery = sample.inRecovery();
        Lsn replay = sample.replay();
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
        return new ReplicaState(now, true, inRecovery, replay, Math.max(0, primary.value() - replay.value()), lagSeconds, null, sample.node());
    }
}
