package dev.celestial.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The reader pool as reads take connections from it.
 * <ul>
 * <li>Taking one is bounded by {@code max-acquire-time} on the {@link WheelTimer}: r2dbc-pool's own
 * bound would arm a parallel-scheduler timer, and wake its thread, for every read.</li>
 * <li>A read cancelled mid-query leaves its statement running on the server while the driver discards
 * the rest of its rows. Handed straight back to the pool, the connection would queue the next read
 * behind that work where the pool cannot see it (a local validation only checks the socket), and a
 * storm of cancelled reads piles seconds of discarded queries onto idle-looking connections. So the
 * connection of a read marked with {@link #drainOnCancel} that was cancelled goes back to the pool only
 * once a remote validation has made its round trip behind the discarded statement; one that has not
 * drained within {@code max-validation-time} is closed instead.</li>
 * </ul>
 */
public final class ReaderConnections implements ConnectionFactory {

    private static final Object CANCELLED = ReaderConnections.class;

    private final ConnectionFactory pool;
    private final Duration acquireTime;
    private final Duration drainTime;
    private final WheelTimer timer;

    ReaderConnections(ConnectionFactory pool, Duration acquireTime, Duration drainTime, WheelTimer timer) {
        this.pool = pool;
        this.acquireTime = acquireTime;
        this.drainTime = drainTime;
        this.timer = timer;
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
            Mono<Connection> connection = Mono.<Connection>from(pool.create()).timeout(acquireTime, timer)
                    .onErrorMap(TimeoutException.class, timeout -> new R2dbcTimeoutException(
                            "Connection acquisition timed out after " + acquireTime.toMillis() + "ms", timeout));
            return cancelled == null ? connection : connection.map(c -> draining(c, cancelled));
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    private Connection draining(Connection connection, AtomicBoolean cancelled) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class, Wrapped.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> cancelled.get() ? drain(connection) : connection.close();
                    case "unwrap" -> connection;
                    default -> {
                        try {
                            yield method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    /** Releases {@code connection} once its discarded work is done, or closes it for real when that takes longer than {@code drainTime}. */
    private Mono<Void> drain(Connection connection) {
        return Mono.from(connection.validate(ValidationDepth.REMOTE))
                .timeout(drainTime, Mono.just(false), timer)
                .onErrorReturn(false)
                .flatMap(idle -> idle ? Mono.from(connection.close()) : Mono.from(target(connection).close())
                        .onErrorResume(error -> Mono.empty())
                        .then(Mono.from(connection.close())));
    }

    /** The driver's connection under the pool's, so closing it takes it out of the pool at its next validation. */
    private static Connection target(Connection connection) {
        return connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner ? inner : connection;
    }
}
