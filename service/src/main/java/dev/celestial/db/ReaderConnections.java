package dev.celestial.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;
import reactor.util.retry.Retry;
import reactor.util.context.Context;

/**
 * The reader pool as reads take connections from it.
 * <ul>
 * <li>Taking one is bounded by {@code max-acquire-time} on the {@link WheelTimer}: r2dbc-pool's own
 * bound would arm a parallel-scheduler timer, and wake its thread, for every read. Running out of it
 * fails with {@link Busy}: every connection was in use that long, which says the reads are too many for
 * the pool, not that the replica is gone.</li>
 * <li>A read cancelled mid-query leaves its statement running on the server while the driver discards
 * the rest of its rows. Handed straight back to the pool, the connection would queue the next read
 * behind that work where the pool cannot see it (a local validation only checks the socket), and a
 * storm of cancelled reads piles seconds of discarded queries onto idle-looking connections. So the
 * connection of a read marked with {@link #drainOnCancel} that was cancelled goes back to the pool only
 * once a remote validation has made its round trip behind the discarded statement (the pool's
 * pre-release step); one that has not drained within {@code max-validation-time} is closed instead.</li>
 * </ul>
 */
public final class ReaderConnections implements ConnectionFactory {

    private static final Object CANCELLED = ReaderConnections.class;

    private final ConnectionPool pool;
    private final Duration acquireTime;
    private final Duration drainTime;
    private final WheelTimer timer;
    private final ConnectionEpochs epochs;
    private final int retries;
    /** The driver connections lent to marked reads, with whether each read was cancelled. */
    private final Map<Connection, AtomicBoolean> lent = new ConcurrentHashMap<>();

    ReaderConnections(DatabaseProperties.Node replica, LoopResources loops, WheelTimer timer) {
        this.acquireTime = replica.pool().maxAcquireTime();
        this.drainTime = replica.pool().maxValidationTime();
        this.timer = timer;
        // a single host keeps its role for as long as a connection to it lives: no check on acquire
        this.epochs = replica.multiHost() ? new ConnectionEpochs() : null;
        this.retries = replica.pool().maxSize() + 1;
        this.pool = DatabaseConfig.pool("reader", replica, HostList.PREFER_SECONDARY, loops, null, this::beforeRelease, epochs);
    }

    /**
     * A node of the replica's host list changed role (promoted, or back as a standby): connections opened
     * before now are closed as reads take them, and new ones go to whichever host is a standby now.
     */
    public void retire() {
        if (epochs != null) {
            epochs.retire();
        }
    }

    /** The reader pool itself, for its metrics and its lifecycle. */
    ConnectionPool pool() {
        return pool;
    }

    /** Marks {@code read}: if it is cancelled, the connections it took from these drain before going back. */
    public static <T> Flux<T> drainOnCancel(Flux<T> read) {
        return Flux.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return read.doOnCancel(() -> cancelled.set(true)).contextWrite(Context.of(CANCELLED, cancelled));
        });
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.deferContextual(context -> {
            AtomicBoolean cancelled = context.getOrDefault(CANCELLED, null);
            Mono<Connection> connection = Mono.<Connection>from(pool.create())
                    .retryWhen(Retry.max(retries).filter(ConnectionEpochs.Retired.class::isInstance))
                    .timeout(acquireTime, timer)
                    .onErrorMap(TimeoutException.class, timeout -> new Busy(acquireTime, timeout));
            return cancelled == null ? connection
                    : connection.doOnNext(pooled -> lent.put(driver(pooled), cancelled));
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    /** The driver's connection under the pool's: what the pool's pre-release step is given. */
    private static Connection driver(Connection pooled) {
        return pooled instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection driver ? driver : pooled;
    }

    /** The pool's pre-release step for a driver connection: a drain after a cancelled read, else the usual rollback. */
    private Publisher<Void> beforeRelease(Connection connection) {
        AtomicBoolean cancelled = lent.remove(connection);
        return cancelled != null && cancelled.get() ? drain(connection) : connection.rollbackTransaction();
    }

    /**
     * Completes once {@code connection}'s discarded work is done, or closes it for real when that takes longer
     * than {@code drainTime}, so the pool's next validation of it takes it out.
     */
    private Mono<Void> drain(Connection connection) {
        return Mono.from(connection.validate(ValidationDepth.REMOTE))
                .timeout(drainTime, Mono.just(false), timer)
                .onErrorReturn(false)
                .flatMap(idle -> idle ? Mono.<Void>empty() : Mono.from(connection.close()).onErrorResume(error -> Mono.empty()));
    }

    /** No reader connection came free within {@code max-acquire-time}. */
    public static final class Busy extends R2dbcTimeoutException {

        public Busy(Duration waited, TimeoutException cause) {
            super("no reader connection free within " + waited.toMillis() + " ms", cause);
        }
    }
}
