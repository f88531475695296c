package dev.celestial.routing;

import dev.celestial.db.DatabaseErrors;
import dev.celestial.db.ReaderConnections;
import dev.celestial.db.WheelTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one routing decision for reads. A read goes to the replica unless the replica is unusable
 * (unreachable, promoted, lagging beyond {@code max-lag}) or has not yet replayed the consistency token
 * the read carries within {@code token-wait}; then to the primary (or 503 when configured to fail). A
 * read that fails on the replica with a connection error or a recovery conflict before it has emitted
 * anything is run once more on the primary; callers that encode rows into response chunks inside the
 * query keep that chance until their first chunk leaves. A read that found every reader connection
 * busy for {@code max-acquire-time} is not run on the primary: it fails (503), and the replica stays
 * in use. The response says where it was served ({@code Served-By}).
 */
@Component
public class ReadRouter {

    public static final String SERVED_BY = "Served-By";

    public enum Target {
        REPLICA, PRIMARY;

        String header() {
            return name().toLowerCase();
        }
    }

    private final DatabaseClient reader;
    private final DatabaseClient writer;
    private final DatabaseClient control;
    private final ReplicaMonitor monitor;
    private final RoutingProperties properties;
    private final MeterRegistry meters;
    private final WheelTimer timer;
    private final Timer tokenWaits;
    private final Counter replicaReads;
    private final Counter primaryReads;

    ReadRouter(@Qualifier("reader") DatabaseClient reader, @Qualifier("writer") DatabaseClient writer,
               @Qualifier("control") DatabaseClient control, ReplicaMonitor monitor, RoutingProperties properties, MeterRegistry meters, WheelTimer timer) {
        this.reader = reader;
        this.writer = writer;
        this.control = control;
        this.monitor = monitor;
        this.properties = properties;
        this.meters = meters;
        this.timer = timer;
        this.tokenWaits = Timer.builder("celestial.read.token.wait").register(meters);
        this.replicaReads = meters.counter("celestial.reads", "target", "replica");
        this.primaryReads = meters.counter("celestial.reads", "target", "primary");
    }

    /**
     * Runs {@code query} where the routing decides and says where in the response.
     *
     * @param token the {@code Consistency-Token} of a write this read must see, or null
     */
    public <T> Flux<T> read(ServerWebExchange exchange, String token, Function<DatabaseClient, Flux<T>> query) {
        AtomicReference<Target> servedBy = new AtomicReference<>();
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
            if (servedBy.get() != null) {
                exchange.getResponse().getHeaders().set(SERVED_BY, servedBy.get().header());
            }
        }));
        return target(token).flatMapMany(target -> {
            servedBy.set(target);
            count(target);
            if (target == Target.PRIMARY) {
                return query.apply(writer);
            }
            AtomicBoolean emitted = new AtomicBoolean();
            return ReaderConnections.drainOnCancel(query.apply(reader))
                    .doOnNext(row -> emitted.set(true))
                    .onErrorResume(error -> {
                        boolean lost = DatabaseErrors.isConnectionError(error);
                        if (emitted.get() || !lost && !DatabaseErrors.isRecoveryConflict(error)) {
                            return Flux.error(error);
                        }
                        if (lost) {
                            monitor.failed(error);
                        }
                        fallback(lost ? "replica-error" : "replica-conflict");
                        servedBy.set(Target.PRIMARY);
                        count(Target.PRIMARY);
                        return query.apply(writer);
                    });
        }).timeout(properties.stallTimeout(), timer);
    }

    private Mono<Target> target(String token) {
        Lsn wanted = null;
        if (token != null && !token.isBlank()) {
            wanted = Lsn.parse(token.trim());
            if (wanted == null) {
                return Mono.error(new BadTokenException("not a WAL position such as 0/16B3748"));
            }
        }
        ReplicaState state = monitor.state();
        String unusable = unusable(state);
        if (unusable != null) {
            fallback(unusable);
            return properties.whenReplicaUnavailable() == RoutingProperties.WhenUnavailable.FAIL
                    ? Mono.error(new ReplicaUnavailableException(unusable))
                    : Mono.just(Target.PRIMARY);
        }
        if (wanted == null || (state.replayLsn() != null && state.replayLsn().compareTo(wanted) >= 0)) {
            return Mono.just(Target.REPLICA);
        }
        return issued(wanted).then(replayed(wanted));
    }

    /**
     * Refuses a token ahead of the primary's current WAL position: no write of this service answered it,
     * and waiting for it would only send the read to the primary.
     */
    private Mono<Void> issued(Lsn wanted) {
        Lsn sampled = monitor.primaryLsn();
        if (sampled != null && wanted.compareTo(sampled) <= 0) {
            return Mono.empty();
        }
        return control.sql("SELECT pg_current_wal_insert_lsn()::text AS lsn")
                .map(row -> Lsn.parse(row.get("lsn", String.class)))
                .one()
                .flatMap(primary -> wanted.compareTo(primary) > 0
                        ? Mono.error(new BadTokenException("ahead of the primary's WAL position " + primary
                                + ": not a token a write answered"))
                        : Mono.empty());
    }

    /** Why reads cannot use the replica in {@code state} now (a sample older than five intervals is stale), or null. */
    String unusable(ReplicaState state) {
        return state.unusable(properties.maxLag(), properties.monitorInterval().multipliedBy(5), Instant.now());
    }

    /**
     * Polls the replica until it has replayed {@code wanted}, within {@code token-wait}; then the primary.
     * When no poll got an answer in that time (every reader connection busy), the read fails with 503
     * rather than moving to the primary, where ingestion writes.
     */
    private Mono<Target> replayed(Lsn wanted) {
        long started = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean();
        Mono<Boolean> probe = reader.sql("SELECT pg_last_wal_replay_lsn() >= :wanted::pg_lsn AS replayed")
                .bind("wanted", wanted.toString())
                .map(row -> Boolean.TRUE.equals(row.get("replayed", Boolean.class)))
                .one()
                .doOnNext(replayed -> answered.set(true));
        return probe
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(attempts -> attempts.delayElements(properties.tokenPoll()))
                .timeout(properties.tokenWait())
                .map(replayed -> Target.REPLICA)
                .onErrorResume(error -> {
                    if (!answered.get() && (error instanceof TimeoutException || error instanceof ReaderConnections.Busy)) {
                        return Mono.error(new ReaderConnections.Busy(properties.tokenWait(), new TimeoutException("consistency token wait")));
                    }
                    fallback("token");
                    return Mono.just(Target.PRIMARY);
                })
                .doFinally(signal -> tokenWaits.record(Duration.ofNanos(System.nanoTime() - started)));
    }

    private void count(Target target) {
        (target == Target.REPLICA ? replicaReads : primaryReads).increment();
    }

    private void fallback(String reason) {
        meters.counter("celestial.read.fallbacks", "reason", reason).increment();
    }
}
