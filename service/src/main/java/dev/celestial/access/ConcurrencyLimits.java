package dev.celestial.access;

import dev.celestial.web.Problems;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests one client may have under way at once, per instance: {@code max-concurrent-ingests} for
 * ingestion (each holds a writer connection and a table lock while its body arrives), and
 * {@code max-concurrent-requests} for everything. One over is {@code 429} at once, not queued. Callers
 * without a key (public reads) are not counted here; the reader pool bounds them. Nor are
 * {@link LongLived} routes (the alert stream), which cap their own subscribers.
 */
final class ConcurrencyLimits implements WebFilter {

    private final AccessProperties properties;
    private final RouteAccess routes;
    private final JsonMapper json;
    private final Map<Object, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> ingests = new ConcurrentHashMap<>();

    ConcurrencyLimits(AccessProperties properties, RouteAccess routes, JsonMapper json) {
        this.properties = properties;
        this.routes = routes;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() != null
                        && context.getAuthentication().getPrincipal() instanceof Caller caller ? caller : null)
                .zipWith(routes.route(exchange))
                .filter(found -> !found.getT2().longLived())
                .flatMap(found -> {
                    Caller caller = found.getT1();
                    Object client = caller.id() == null ? caller.name() : caller.id();
                    boolean ingest = found.getT2().scope() == Scope.INGEST;
                    AtomicInteger all = requests.computeIfAbsent(client, c -> new AtomicInteger());
                    AtomicInteger writes = ingest ? ingests.computeIfAbsent(client, c -> new AtomicInteger()) : null;
                    if (all.incrementAndGet() > properties.maxConcurrentRequests()) {
                        all.decrementAndGet();
                        return refuse(exchange, properties.maxConcurrentRequests() + " requests");
                    }
                    if (writes != null && writes.incrementAndGet() > properties.maxConcurrentIngests()) {
                        writes.decrementAndGet();
                        all.decrementAndGet();
                        return refuse(exchange, properties.maxConcurrentIngests() + " ingestion requests");
                    }
                    return chain.filter(exchange).doFinally(signal -> {
                        all.decrementAndGet();
                        if (writes != null) {
                            writes.decrementAndGet();
                        }
                    }).thenReturn(true);
                })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
                .then();
    }

    private Mono<Boolean> refuse(ServerWebExchange exchange, String limit) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return Problems.write(exchange, json, Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-concurrent",
                "Too many requests under way for this client", "this client already has " + limit + " under way; retry when one ends"))
                .thenReturn(true);
    }
}
