package dev.celestial.alert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One subscriber's alert stream, as Server-Sent Events text: the alerts after its Last-Event-ID read from
 * the table on the primary (so none committed while it was away is lost), then this instance's live
 * alerts, without a gap or a duplicate (only ids above the last one passed go on), filtered by severity
 * and kind. Alerts read together leave in one write. A subscriber that reads slower than alerts come gets
 * {@code subscriber-buffer} reads held for it; past that its stream ends with an {@code overflow} event
 * carrying the last id it was given, to reconnect from. Idle streams get a comment every {@code heartbeat}.
 */
@Service
class AlertStream {

    static final byte[] HELLO = ": alerts\nretry: 2000\n\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final AlertFeed feed;
    private final DatabaseClient writer;
    private final AlertProperties properties;
    private final AtomicInteger subscribers = new AtomicInteger();
    /** Streams each client holds on this instance; a client holding none has no entry. */
    private final Map<Object, Integer> perClient = new ConcurrentHashMap<>();

    AlertStream(AlertFeed feed, @Qualifier("writer") DatabaseClient writer, AlertProperties properties) {
        this.feed = feed;
        this.writer = writer;
        this.properties = properties;
    }

    /**
     * Takes a subscriber's place now (429 when the instance or the client holds its cap of streams) and
     * answers its stream, each element one write.
     *
     * @param lastEventId the last id the client was given, or null for alerts from now on
     * @param client who subscribes, for the per-client cap
     * @param unsentBytes what the subscriber's connection has not yet taken of the events written for it
     */
    Flux<byte[]> subscribe(AlertQueries.Filters filters, Long lastEventId, Object client, LongSupplier unsentBytes) {
        if (subscribers.incrementAndGet() > properties.maxSubscribers()) {
            subscribers.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "this instance serves " + properties.maxSubscribers()
                    + " alert streams already; retry later or on another instance");
        }
        if (!takePlace(client)) {
            subscribers.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "this client holds " + properties.maxSubscribersPerClient()
                    + " alert streams on this instance already");
        }
        Flux<byte[]> stream = Flux.defer(() -> {
            // subscribed to the live alerts before the replay is read: what commits meanwhile waits in the buffer
            Flux<AlertEvents> live = feed.live().onBackpressureBuffer(properties.subscriberBuffer(), dropped -> { },
                    BufferOverflowStrategy.ERROR);
            Mono<Long> start = lastEventId != null ? Mono.just(lastEventId) : feed.positioned().timeout(properties.queryTimeout());
            AtomicLong last = new AtomicLong();
            AtomicLong delivered = new AtomicLong();
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<byte[]> alerts = start.flatMapMany(from -> {
                        last.set(from);
                        delivered.set(from);
                        return Flux.mergeSequential(1, replay(from), live);
                    })
                    .mapNotNull(page -> events(page, filters, last))
                    .<byte[]>handle((events, sink) -> {
                        if (unsentBytes.getAsLong() > properties.maxUnsent().toBytes()) {
                            sink.error(Exceptions.failWithOverflow("the connection took too little of the events written"));
                            return;
                        }
                        delivered.set(events.lastId());
                        sink.next(events.bytes());
                    })
                    .onErrorResume(Exceptions::isOverflow, overflow -> Mono.just(("id: " + delivered.get() + "\nevent: overflow\ndata: "
                            + "{\"lastEventId\":" + delivered.get() + ",\"reason\":\"the client read slower than alerts came\"}\n\n")
                            .getBytes(StandardCharsets.UTF_8)))
                    .doFinally(signal -> ended.tryEmitEmpty());
            Flux<byte[]> heartbeats = Flux.interval(properties.heartbeat()).onBackpressureDrop()
                    .map(tick -> HEARTBEAT)
                    .takeUntilOther(ended.asMono());
            return Flux.concat(Mono.just(HELLO), Flux.merge(alerts, heartbeats));
        });
        return stream.doFinally(signal -> {
            perClient.computeIfPresent(client, (c, held) -> held > 1 ? held - 1 : null);
            subscribers.decrementAndGet();
        });
    }

    /** Takes one of the client's places, unless it holds its cap already. */
    private boolean takePlace(Object client) {
        boolean[] taken = {false};
        perClient.compute(client, (c, held) -> {
            int now = held == null ? 0 : held;
            if (now >= properties.maxSubscribersPerClient()) {
                return held;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** How many clients hold a stream on this instance. */
    int clientsStreaming() {
        return perClient.size();
    }

    /** The events of one write and the last id among them. */
    private record Events(byte[] bytes, long lastId) {
    }

    /**
     * The events of a read's alerts above the last one passed and matching the filters, or null for none:
     * the bytes rendered for everyone when all of them go.
     */
    private static Events events(AlertEvents read, AlertQueries.Filters filters, AtomicLong last) {
        if (read.alerts().isEmpty()) {
            return null;
        }
        if (read.firstId() > last.get() && filters.all()) {
            last.set(read.lastId());
            return new Events(read.all(), read.lastId());
        }
        List<AlertQueries.Alert> passed = new ArrayList<>();
        for (AlertQueries.Alert alert : read.alerts()) {
            if (alert.id() <= last.get()) {
                continue;
            }
            last.set(alert.id());
            if (filters.matches(alert)) {
                passed.add(alert);
            }
        }
        return passed.isEmpty() ? null : new Events(AlertEvents.render(passed), passed.get(passed.size() - 1).id());
    }

    /** The alerts after {@code from}, from the table on the primary, a page at a time. */
    private Flux<AlertEvents> replay(long from) {
        int limit = properties.replayLimit();
        return AlertQueries.after(writer, from, limit).timeout(properties.queryTimeout()).collectList()
                .flatMapMany(page -> page.size() < limit ? Flux.just(AlertEvents.of(page))
                        : Flux.concat(Mono.just(AlertEvents.of(page)), Flux.defer(() -> replay(page.get(page.size() - 1).id()))));
    }

    int subscribers() {
        return subscribers.get();
    }
}
