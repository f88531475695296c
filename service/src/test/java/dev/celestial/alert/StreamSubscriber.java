package dev.celestial.alert;

import dev.celestial.support.TestHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * A test client of the alert stream: records every alert id with the time it arrived, and reconnects
 * with Last-Event-ID when told to (after {@code reconnectAfter} alerts) or when the stream ends.
 */
final class StreamSubscriber {

    static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
    };

    /** One connection per stream, not a pool of 16 shared by 200 streams. */
    static WebClient client(int port, String key) {
        return WebClient.builder().clientConnector(TestHttp.connector())
                .baseUrl("http://localhost:" + port).defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20)).build();
    }

    final WebClient client;
    final String query;
    final int reconnectAfter;
    final List<Long> ids = new ArrayList<>();
    final List<Long> arrivedNanos = new ArrayList<>();
    final List<String> others = new ArrayList<>();
    /** How each connection given up by the server or the network ended: why a subscriber reconnected. */
    final List<String> endings = new ArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile Disposable current;
    private volatile boolean closed;
    private volatile Long from;

    StreamSubscriber(WebClient client, String query, int reconnectAfter) {
        this.client = client;
        this.query = query;
        this.reconnectAfter = reconnectAfter;
    }

    /** @param lastEventId where the first connection starts; later ones start after the last alert taken */
    StreamSubscriber connect(Long lastEventId) {
        int connection;
        Long after;
        // taken together with the events (both under this lock): a connection given up may still hand over what
        // it had read, and only the newest one counts, as a browser's EventSource has one connection at a time
        synchronized (this) {
            connection = connections.incrementAndGet();
            if (connection == 1) {
                from = lastEventId;
            }
            after = last();
        }
        current = client.get().uri("/api/v1/alerts/stream" + query)
                .headers(headers -> {
                    if (after != null) {
                        headers.set("Last-Event-ID", String.valueOf(after));
                    }
                })
                .retrieve().bodyToFlux(EVENTS)
                .timeout(Duration.ofSeconds(120))
                .subscribe(event -> event(connection, event), error -> reconnect(connection, error.toString()), () -> reconnect(connection, "completed"));
        return this;
    }

    private void event(int connection, ServerSentEvent<String> event) {
        long now = System.nanoTime();
        boolean again;
        synchronized (this) {
            if (connection != connections.get()) {
                return;
            }
            if ("alert".equals(event.event())) {
                ids.add(Long.parseLong(event.id()));
                arrivedNanos.add(now);
            } else if (event.event() != null) {
                others.add(event.event() + " " + event.id());
            }
            again = reconnectAfter > 0 && ids.size() == reconnectAfter && connections.get() == 1;
        }
        opened.complete(null);
        if (again) {
            CompletableFuture.runAsync(() -> {
                current.dispose();
                connect(last());
            });
        }
    }

    private void reconnect(int connection, String ending) {
        if (!closed && connection == connections.get()) {
            synchronized (this) {
                endings.add(ending);
            }
            CompletableFuture.runAsync(() -> connect(last()), CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
    }

    synchronized Long last() {
        return ids.isEmpty() ? from : ids.get(ids.size() - 1);
    }

    synchronized List<Long> ids() {
        return List.copyOf(ids);
    }

    void close() {
        closed = true;
        Disposable connection = current;
        if (connection != null) {
            connection.dispose();
        }
    }
}
