package dev.celestial.ingest;

import dev.celestial.access.Caller;
import dev.celestial.access.IngestLimits;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/{kind}[?format=...]}: one route for every kind that plugs into the pipeline. */
@RestController
@Requires(Scope.INGEST)
class IngestController {

    static final String CONSISTENCY_TOKEN = "Consistency-Token";

    private final Map<String, IngestKind<?>> kinds;
    private final IngestService service;
    private final IngestLimits limits;
    private final QueryLimits queryLimits;

    IngestController(List<IngestKind<?>> kinds, IngestService service, IngestLimits limits, QueryLimits queryLimits) {
        this.kinds = kinds.stream().collect(Collectors.toMap(IngestKind::name, Function.identity()));
        this.service = service;
        this.limits = limits;
        this.queryLimits = queryLimits;
    }

    @PostMapping("/api/v1/{kind}")
    Mono<ResponseEntity<IngestResult>> ingest(@PathVariable String kind, ServerWebExchange exchange, Authentication authentication) {
        IngestKind<?> ingestKind = kinds.get(kind);
        if (ingestKind == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no such kind: " + kind));
        }
        QueryParams params = queryLimits.params(exchange);
        String format = params.text("format");
        params.rejectUnknown();
        ServerHttpRequest request = exchange.getRequest();
        UUID client = ((Caller) authentication.getPrincipal()).id();
        limits.admit(client);
        return service.ingest(ingestKind, format, request.getHeaders().getContentType(), request.getBody(), client,
                        received -> limits.charge(client, received))
                .map(receipt -> ResponseEntity.ok().header(CONSISTENCY_TOKEN, receipt.consistencyToken()).body(receipt.result()));
    }
}
