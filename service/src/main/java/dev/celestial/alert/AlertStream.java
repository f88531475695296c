package dev.celestial.alert;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One subscriber's alert stream: the alerts after its Last-Event-ID read from the table on the primary
 * (so none committed while it was away is lost), then this instance's live alerts, without a gap or a
 * duplicate (only ids above the last one passed go on), filtered by severity and kind. A subscriber that
 * reads slower than alerts come gets {@code subscriber-buffer} of them held; past that its stream ends
 * with an {@code overflow} event carrying the last id it was given, to reconnect from. Idle streams get
 * a comment every {@code heartbeat}.
 */
@Service
class AlertStream {

    /** Ends the stream of a subscriber over its buffer. */
    static final class Overflow extends RuntimeException {
        Overflow() {
            super("subscriber buffer overflow", null, false, false);
        }
    }

    private final AlertFeed feed;
    private final DatabaseClient writer;
    private final AlertProperties properties;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Map<Object, AtomicInteger> perClient = new ConcurrentHashMap<>();

    AlertStream(AlertFeed feed, @Qualifier("writer") DatabaseClient writer, AlertProperties properties) {
        this.feed = feed;
        this.writer = writer;
        this.properties = properties;
    }

    /**
     * @param lastEventId the last id the client was given, or null for alerts from now on
     * @param client who subscribes, for the per-client cap
     */
    Flux<ServerSentEvent<String>> subscribe(AlertQueries.Filters filters, Long lastEventId, Object client) {
        AtomicInteger mine = perClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (subscribers.incrementAndGet() > properties.maxSubscribers()) {
            subscribers.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "this instance serves " + properties.maxSubscribers()
                    + " alert streams already; retry later or on another instance");
        }
        if (mine.incrementAndGet() > properties.maxSubscribersPerClient()) {
            mine.decrementAndGet();
            subscribers.decrementAndGet();
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "this client holds " + properties.maxSubscribersPerClient()
                    + " alert streams on this instance already");
        }
        Flux<ServerSentEvent<String>> stream = Flux.defer(() -> {
            // subscribed to the live alerts before the replay is read: what commits meanwhile waits in the buffer
            Flux<AlertQueries.Alert> live = feed.live().onBackpressureBuffer(properties.subscriberBuffer(), dropped -> { },
                    BufferOverflowStrategy.ERROR);
            Mono<Long> start = lastEventId != null ? Mono.just(lastEventId)
                    : feed.position() >= 0 ? Mono.just(feed.position()) : AlertQueries.lastId(writer).timeout(properties.queryTimeout());
            AtomicLong last = new AtomicLong();
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<ServerSentEvent<String>> alerts = start.flatMapMany(from -> {
                        last.set(from);
                        return Flux.mergeSequential(1, replay(from), live);
                    })
                    .filter(alert -> alert.id() > last.get())
                    .doOnNext(alert -> last.set(alert.id()))
                    .filter(filters::matches)
                    .map(alert -> ServerSentEvent.builder(alert.json()).id(String.valueOf(alert.id())).event("alert").build())
                    .onErrorResume(error -> Exceptions.isOverflow(error), overflow -> Flux.just(ServerSentEvent.builder(
                                    "{\"lastEventId\":" + last.get() + ",\"reason\":\"the client read slower than alerts came\"}")
                            .id(String.valueOf(last.get())).event("overflow").build()))
                    .doFinally(signal -> ended.tryEmitEmpty());
            Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat()).onBackpressureDrop()
                    .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build())
                    .takeUntilOther(ended.asMono());
            ServerSentEvent<String> hello = ServerSentEvent.<String>builder().comment("alerts").retry(Duration.ofSeconds(2)).build();
            return Flux.concat(Mono.just(hello), Flux.merge(alerts, heartbeats));
        });
        return stream.doFinally(signal -> {
            mine.decrementAndGet();
            subscribers.decrementAndGet();
        });
    }

    /** The alerts after {@code from}, from the table on the primary, page by page. */
    private Flux<AlertQueries.Alert> replay(long from) {
        int limit = properties.replayLimit();
        return AlertQueries.after(writer, from, limit).timeout(properties.queryTimeout()).collectList()
                .flatMapMany(page -> page.size() < limit ? Flux.fromIterable(page)
                        : Flux.concat(Flux.fromIterable(page), Flux.defer(() -> replay(page.get(page.size() - 1).id()))));
    }

    int subscribers() {
        return subscribers.get();
    }
}
