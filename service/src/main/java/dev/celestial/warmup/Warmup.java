package dev.celestial.warmup;

import dev.celestial.access.ClientRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readiness detail {@code warmup}: DOWN while the instance warms up, reading from itself over loopback as its users
 * do (see the package); UP once the warm-up has run its time, whatever its reads answered.
 */
@Component("warmup")
class Warmup implements ReactiveHealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    /** Where events are when the newest ones cannot be read (an empty database): the busiest seismic zones. */
    private static final List<double[]> FALLBACK_CENTRES = List.of(new double[] {38.8, -122.8}, new double[] {35.7, 139.7},
            new double[] {61.2, -150.0}, new double[] {19.4, -155.3}, new double[] {-33.4, -70.6}, new double[] {38.0, 23.7});

    private final ClientRegistry clients;
    private final WarmupProperties properties;
    private final Environment environment;
    private final JsonMapper json;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean done;
    private volatile String key;
    private volatile Disposable running;

    Warmup(ClientRegistry clients, WarmupProperties properties, Environment environment, JsonMapper json) {
        this.clients = clients;
        this.properties = properties;
        this.environment = environment;
        this.json = json;
        this.done = properties.duration().isZero();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (done || port == null) {
            done = true;
            return;
        }
        ConnectionProvider connections = ConnectionProvider.create("warmup", properties.concurrency());
        // the key is valid from here until doFinally below, which every end of the subscription runs
        key = clients.startWarmup();
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).responseTimeout(properties.requestTimeout())))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .build();
        long started = System.nanoTime();
        running = centres(client)
                .flatMapMany(centres -> Flux.range(0, Integer.MAX_VALUE)
                        .flatMap(i -> read(client, path(centres, i)), properties.concurrency()))
                .take(properties.duration())
                .doFinally(signal -> {
                    clients.endWarmup();
                    connections.dispose();
                    done = true;
                    log.info("warm-up: {} reads in {}, {} failed; ready", reads.get(),
                            String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - started) / 1e9), failed.get());
                })
                .subscribe();
    }

    /** Where the newest events are, from the newest page of the whole globe (or the fallback centres). */
    private Mono<List<double[]>> centres(WebClient client) {
        return client.get().uri("/api/v1/earthquakes?minLat=-90&maxLat=90&minLon=-180&maxLon=180&limit=200")
                .retrieve().bodyToMono(String.class)
                .timeout(properties.requestTimeout())
                .map(body -> {
                    List<double[]> centres = new ArrayList<>();
                    for (JsonNode feature : json.readTree(body).path("features")) {
                        JsonNode coordinates = feature.path("geometry").path("coordinates");
                        centres.add(new double[] {coordinates.path(1).asDouble(), coordinates.path(0).asDouble()});
                    }
                    return centres.isEmpty() ? FALLBACK_CENTRES : centres;
                })
                .onErrorResume(error -> {
                    failed.incrementAndGet();
                    return Mono.just(FALLBACK_CENTRES);
                });
    }

    /** Read {@code i}: three radius reads (newest first, 100 km) for every box read (4 degrees), centre after centre. */
    private static String path(List<double[]> centres, int i) {
        double[] centre = centres.get(i % centres.size());
        double lat = centre[0];
        double lon = centre[1];
        if (i % 4 == 3) {
            return String.format(Locale.ROOT, "/api/v1/earthquakes?minLat=%.4f&maxLat=%.4f&minLon=%.4f&maxLon=%.4f",
                    Math.max(-90, lat - 2), Math.min(90, lat + 2), Math.max(-180, lon - 2), Math.min(180, lon + 2));
        }
        return String.format(Locale.ROOT, "/api/v1/earthquakes/nearby?lat=%.4f&lon=%.4f&radiusKm=100", lat, lon);
    }

    private Mono<Void> read(WebClient client, String path) {
        return client.get().uri(path).retrieve().bodyToMono(byte[].class)
                .timeout(properties.requestTimeout())
                .doOnSuccess(body -> reads.incrementAndGet())
                .onErrorResume(error -> {
                    if (failed.incrementAndGet() == 1) {
                        log.warn("warm-up: a read failed ({}); the warm-up goes on", error.toString());
                    }
                    // a failing read is fast: keep the warm-up from spinning on it
                    return Mono.delay(Duration.ofMillis(100)).then(Mono.empty());
                })
                .then();
    }

    /** The key of the warm-up in progress or last run; tests check it is refused afterwards. */
    String key() {
        return key;
    }

    @Override
    public void destroy() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public Mono<Health> health() {
        Health.Builder health = done ? Health.up() : Health.down().withDetail("reason", "warming up");
        return Mono.just(health.withDetail("reads", reads.get()).withDetail("failed", failed.get()).build());
    }
}
