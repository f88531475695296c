package dev.celestial.alert;

import dev.celestial.db.DriverConnection;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * This instance's live alerts: one connection straight to the primary LISTENs on
 * {@link TriggerEvaluator#CHANNEL}; each notification (several at once count as one) reads the alerts
 * after the last one seen, in id order, on that same connection, and publishes them to every subscriber
 * of this instance. Ids are handed out in commit order, so reading {@code id > last} never skips one
 * committed later. The connection is probed every {@code heartbeat} (the driver has no read timeout, a
 * half-open connection would otherwise wait forever; each probe also catches up, should a notification
 * ever be missed); when it is lost (a primary restart, a failover) it is opened again with backoff, and
 * the first read after LISTEN catches up on everything committed meanwhile, so nothing is lost.
 */
@Component
class AlertFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);
    private static final Object WAKE = new Object();

    private final ConnectionFactory connections;
    private final AlertProperties properties;
    /** A stop ends the streams of the time before it and leaves a fresh sink for a later start (a paused test context). */
    private volatile Sinks.Many<AlertEvents> sink = Sinks.many().multicast().directBestEffort();
    /** The last alert id published; -1 until the first connection has read where the table stands. */
    private final AtomicLong lastSeen = new AtomicLong(-1);
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong notified = new AtomicLong();
    /** Told once, when the first connection has read where the table stands. */
    private final Sinks.One<Long> firstPosition = Sinks.one();
    private volatile Disposable running;

    AlertFeed(@Qualifier("listener") ConnectionFactory connections, AlertProperties properties) {
        this.connections = connections;
        this.properties = properties;
    }

    /**
     * Alerts as they are committed, from the moment of subscribing, in id order, as read together (each
     * shared by every subscriber, so a subscriber's buffer holds references, not copies); hot, never ends
     * while the instance runs.
     */
    Flux<AlertEvents> live() {
        return sink.asFlux();
    }

    /** The last alert id published, or -1 before the first connection. */
    long position() {
        return lastSeen.get();
    }

    /**
     * The last alert id published, once there is one: a subscriber starting from it misses nothing, as every
     * alert the feed publishes later is above it (a subscriber starting from the table's own last id could fall
     * in the gap the feed's first read skips).
     */
    Mono<Long> positioned() {
        return lastSeen.get() >= 0 ? Mono.fromSupplier(lastSeen::get) : firstPosition.asMono().map(first -> lastSeen.get());
    }

    /** How many notifications the listening connections received so far. */
    long notifications() {
        return notified.get();
    }

    /** How many listening connections were opened so far (a restart of the primary makes one more). */
    long sessions() {
        return sessions.get();
    }

    @Override
    public void start() {
        // lifecycle-owned: disposed in stop()
        running = Flux.usingWhen(connections.create(), this::session, Connection::close)
                .doOnError(error -> log.warn("alert listener lost its connection, opening it again: {}", error.toString()))
                // transient: a session that caught up once starts the backoff anew when it is lost
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.listenerBackoff()).maxBackoff(Duration.ofSeconds(10)).transientErrors(true))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
        // streams end, so the server's graceful shutdown is not held by them; their clients reconnect elsewhere with Last-Event-ID
        Sinks.Many<AlertEvents> ended = sink;
        sink = Sinks.many().multicast().directBestEffort();
        ended.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }

    /** One listening connection: LISTEN, catch up, then catch up again on every notification or probe. */
    private Flux<Long> session(Connection connection) {
        PostgresqlConnection postgres = DriverConnection.of(connection, "LISTEN");
        DatabaseClient db = DatabaseClient.create(new SingleConnectionFactory(connection, connections.getMetadata(), true));
        Duration timeout = properties.queryTimeout();
        Flux<Object> notifications = postgres.getNotifications().map(notification -> {
            notified.incrementAndGet();
            return (Object) WAKE;
        })
                .concatWith(Mono.error(() -> new IllegalStateException("the listening connection closed")));
        Flux<Object> probes = Flux.interval(properties.heartbeat())
                .onBackpressureDrop()
                .concatMap(tick -> db.sql("SELECT 1 AS one").map(row -> WAKE).one().timeout(timeout), 1);
        return postgres.createStatement("LISTEN " + TriggerEvaluator.CHANNEL).execute().flatMap(result -> result.getRowsUpdated()).then()
                .doOnSuccess(listening -> {
                    sessions.incrementAndGet();
                    log.info("alert listener: listening on {}", TriggerEvaluator.CHANNEL);
                })
                // notifications first, then the catch-up: a commit after LISTEN is either notified or read by it
                .thenMany(Flux.merge(notifications, probes, Mono.just(WAKE)))
                .onBackpressureLatest()
                .concatMap(wake -> catchUp(db).timeout(timeout).then(Mono.fromSupplier(lastSeen::get)), 1);
    }

    /** Publishes every alert after the last one seen, in id order. */
    private Mono<Void> catchUp(DatabaseClient db) {
        long last = lastSeen.get();
        if (last < 0) {
            // the first connection: start from where the table stands; subscribers replay history themselves
            return AlertQueries.lastId(db).doOnNext(id -> {
                lastSeen.set(id);
                firstPosition.tryEmitValue(id);
            }).then();
        }
        return AlertQueries.after(db, last, properties.replayLimit()).collectList().flatMap(page -> {
            if (page.isEmpty()) {
                // the table was emptied and its ids restarted (tests; a restore): read it from the start. Seen only
                // when a notification or probe finds no alert above the last id; alerts raised before then are missed
                return AlertQueries.lastId(db).flatMap(max -> max < last ? Mono.fromRunnable(() -> lastSeen.set(0)).then(catchUp(db)) : Mono.empty());
            }
            // only this session emits; a stop() completing the sink at the same moment is waited out
            sink.emitNext(AlertEvents.of(page), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
            lastSeen.set(page.get(page.size() - 1).id());
            return page.size() < properties.replayLimit() ? Mono.empty() : catchUp(db);
        });
    }
}
