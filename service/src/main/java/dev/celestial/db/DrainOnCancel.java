package dev.celestial.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * A read cancelled mid-query leaves its statement running on the server while the driver discards the
 * rest of its rows. Handed straight back to the pool, the connection would queue the next read behind
 * that work where the pool cannot see it (a local validation only checks the socket), and a storm of
 * cancelled reads piles seconds of discarded queries onto idle-looking connections. So a connection
 * whose read was cancelled goes back to the pool only once a remote validation has made its round trip
 * behind the discarded statement; one that has not drained within {@code bound} is closed instead.
 */
public final class DrainOnCancel implements ConnectionFactory {

    private static final Object CANCELLED = DrainOnCancel.class;

    private final ConnectionFactory pool;
    private final Duration bound;

    DrainOnCancel(ConnectionFactory pool, Duration bound) {
        this.pool = pool;
        this.bound = bound;
    }

    /** Marks {@code read}: if it is cancelled, the connections it took from a draining factory drain first. */
    public static <T> Flux<T> mark(Flux<T> read) {
        return Flux.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return read.doOnCancel(() -> cancelled.set(true)).contextWrite(Context.of(CANCELLED, cancelled));
        });
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.deferContextual(context -> {
            AtomicBoolean cancelled = context.getOrDefault(CANCELLED, null);
            Mono<Connection> connection = Mono.from(pool.create());
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

    /** Releases {@code connection} once its discarded work is done, or closes it for real when that takes too long. */
    private Mono<Void> drain(Connection connection) {
        return Mono.from(connection.validate(ValidationDepth.REMOTE))
                .timeout(bound, Mono.just(false))
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
