package dev.celestial.solar;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/solar-events?from=&to=&kind=&minClass=}: newest first; {@code minClass} compares
 * flare classes by intensity ({@code flare_class_intensity}), so X1.0 ranks above M9.9.
 */
@RestController
@Requires(Scope.READ)
class SolarQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    SolarQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/solar-events")
    Mono<Void> events(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        String minClass = p.text("minClass");
        if (minClass != null && !minClass.matches("[ABCMXabcmx][0-9]{1,3}(\\.[0-9]{1,3})?")) {
            throw new BadParameterException("minClass", "a GOES class such as M1.0 or X2.5");
        }
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        String kind = p.choice("kind", null, List.of("flare", "cme"));
        Where where = new Where();
        String sql = SolarQueries.events(where, time.min(), time.max(), kind, minClass);
        int limit = p.limit(100);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, sql, where, limit);
    }
}
