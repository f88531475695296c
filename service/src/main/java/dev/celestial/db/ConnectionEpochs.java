package dev.celestial.db;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Retires the pooled connections opened before a topology change. A standby connection stays open through
 * a promotion, and then reads on the new primary while the router believes it reads a standby; so when the
 * replica monitor sees a node change role it starts a new epoch, and a pool checking {@link #current} on
 * acquire throws out every connection of an older one (the driver opens new ones on whichever host is now
 * a standby).
 */
final class ConnectionEpochs {

    private final AtomicLong epoch = new AtomicLong();
    /** The epoch each driver connection was opened in; weak, so closed connections leave with the pool's. */
    private final Map<Connection, Long> opened = Collections.synchronizedMap(new WeakHashMap<>());

    /** {@code factory}, recording the epoch in which each connection's opening began. */
    ConnectionFactory tagging(ConnectionFactory factory) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.defer(() -> {
                    long at = epoch.get();
                    return Mono.<Connection>from(factory.create()).doOnNext(connection -> opened.put(connection, at));
                });
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return factory.getMetadata();
            }
        };
    }

    /** The pool's post-allocate step: fails, so the pool discards it, for a connection of an older epoch. */
    Mono<Void> current(Connection connection) {
        Long at = opened.get(connection);
        return at != null && at == epoch.get() ? Mono.empty() : Mono.error(new Retired());
    }

    void retire() {
        epoch.incrementAndGet();
    }

    /** A connection opened before the last topology change; taken out of the pool, another is tried. */
    static final class Retired extends R2dbcNonTransientResourceException {

        Retired() {
            super("connection opened before the last topology change");
        }
    }
}
