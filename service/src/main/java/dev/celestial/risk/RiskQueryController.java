package dev.celestial.risk;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.JsonRows;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/impact-risks}: the objects {@code v_high_risk_objects} holds, riskiest first. */
@RestController
@Requires(Scope.READ)
class RiskQueryController {

    private final JsonRows rows;
    private final QueryLimits limits;

    RiskQueryController(JsonRows rows, QueryLimits limits) {
        this.rows = rows;
        this.limits = limits;
    }

    @GetMapping("/api/v1/impact-risks")
    Mono<Void> highRisk(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        int limit = p.limit(100);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return rows.list(exchange, token, RiskQueries.highRisk(), new Where(), limit);
    }
}
