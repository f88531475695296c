package dev.celestial.volcano;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/volcanic-activity/nearby}: eruptions within a radius, newest first. */
@RestController
@Requires(Scope.READ)
class VolcanoQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    VolcanoQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/volcanic-activity/nearby")
    Mono<Void> nearby(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        double lat = p.number("lat", -90, 90, true);
        double lon = p.number("lon", -180, 180, true);
        double radiusKm = p.radiusKm("radiusKm");
        Where where = new Where();
        String sql = VolcanoQueries.nearby(where, lat, lon, radiusKm, time.min(), time.max());
        int limit = p.limit(100);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, sql, where, limit);
    }
}
