package dev.celestial.access;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which route a request will run, found by the same handler mappings, in the same order, as the
 * dispatcher then uses (so on the decoded, normalised path), and the access that route declares:
 * {@link Requires} on our handlers, {@link #ACTUATOR} for the actuator's. A request no handler takes,
 * or whose handler declares nothing, is {@link Route#UNMATCHED}: no handler runs for it.
 */
@Component
public class RouteAccess {

    /** The route a request resolved to; {@code scope} null with {@code open} for routes anyone may call. */
    public record Route(String name, boolean open, Scope scope, boolean longLived) {

        public static final Route UNMATCHED = new Route(null, false, null);

        public Route(String name, boolean open, Scope scope) {
            this(name, open, scope, false);
        }

        public boolean matched() {
            return name != null;
        }
    }

    private static final Route OPEN = new Route("actuator", true, null);
    private static final String ATTRIBUTE = RouteAccess.class.getName() + ".route";

    /**
     * The actuator's routes by pattern: the probes, metrics and info answer anyone (health details only
     * an admin, see management.endpoint.health.roles); the endpoint index needs admin.
     */
    static final Map<String, Route> ACTUATOR = Map.of(
            "/actuator/health", OPEN,
            "/actuator/health/{*path}", OPEN,
            "/actuator/prometheus", OPEN,
            "/actuator/info", OPEN,
            "/actuator", new Route("actuator", false, Scope.ADMIN));

    private final ObjectProvider<DispatcherHandler> dispatcher;
    private volatile List<HandlerMapping> mappings;

    RouteAccess(ObjectProvider<DispatcherHandler> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The request's route, resolved once per request. */
    public Mono<Route> route(ServerWebExchange exchange) {
        Route known = exchange.getAttribute(ATTRIBUTE);
        if (known != null) {
            return Mono.just(known);
        }
        return Flux.fromIterable(mappings())
                .concatMap(mapping -> mapping.getHandler(exchange))
                .next()
                .map(handler -> declared(handler, exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)))
                // a path that matches with another method (405), or another media type (415, 406): no handler runs
                .onErrorResume(ResponseStatusException.class, e -> Mono.just(Route.UNMATCHED))
                .defaultIfEmpty(Route.UNMATCHED)
                .doOnNext(route -> exchange.getAttributes().put(ATTRIBUTE, route));
    }

    /** The access {@code handler} declares, or {@link Route#UNMATCHED} when it declares none. */
    static Route declared(Object handler, Object pattern) {
        if (handler instanceof HandlerMethod method) {
            Requires requires = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Requires.class);
            if (requires == null) {
                requires = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Requires.class);
            }
            if (requires != null) {
                return new Route(method.getBeanType().getSimpleName() + "." + method.getMethod().getName(), false, requires.value(),
                        AnnotatedElementUtils.hasAnnotation(method.getMethod(), LongLived.class));
            }
            if (pattern instanceof PathPattern path && method.getBeanType().getName().startsWith("org.springframework.boot.")) {
                return ACTUATOR.getOrDefault(path.getPatternString(), Route.UNMATCHED);
            }
        }
        return Route.UNMATCHED;
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> found = mappings;
        if (found == null) {
            // the dispatcher finds its mappings when the context starts: until then, nothing matches
            List<HandlerMapping> initialised = dispatcher.getObject().getHandlerMappings();
            if (initialised == null) {
                return List.of();
            }
            found = List.copyOf(initialised);
            mappings = found;
        }
        return found;
    }
}
