package dev.celestial.ephemeris;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/ephemeris/{designation}}: state vectors in time order, streamed. */
@RestController
@Requires(Scope.READ)
class EphemerisQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    EphemerisQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/ephemeris/{designation}")
    Mono<Void> vectors(@PathVariable String designation, ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        String center = p.text("center");
        String frame = p.text("frame");
        Where where = new Where();
        String sql = EphemerisQueries.vectors(where, designation, time.min(), time.max(), center, frame);
        int limit = p.limit(20_000);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, sql, where, limit);
    }
}
