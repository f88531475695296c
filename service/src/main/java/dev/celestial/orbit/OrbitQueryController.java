package dev.celestial.orbit;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Orbital elements: one object by designation, or the list ({@code ?interstellar=true} for e > 1). */
@RestController
@Requires(Scope.READ)
class OrbitQueryController {

    private final ReadRouter router;
    private final JsonRows rows;
    private final QueryLimits limits;

    OrbitQueryController(ReadRouter router, JsonRows rows, QueryLimits limits) {
        this.router = router;
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/orbital-elements")
    Mono<Void> list(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        String interstellar = p.choice("interstellar", null, List.of("true", "false"));
        int limit = p.limit(100);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, OrbitQueries.list(interstellar == null ? null : Boolean.valueOf(interstellar)), new Where(), limit);
    }

    @GetMapping("/api/v1/orbital-elements/{designation}")
    Mono<ResponseEntity<String>> one(@PathVariable String designation, ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        if (designation.length() > 64) {
            throw new BadParameterException("designation", "longer than 64 characters");
        }
        return router.read(exchange, token, db -> OrbitQueries.one(db, designation))
                .next()
                .map(doc -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(doc))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no orbital elements for " + designation)));
    }
}
