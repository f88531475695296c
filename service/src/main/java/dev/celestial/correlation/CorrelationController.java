package dev.celestial.correlation;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.JsonRows;
import dev.celestial.web.KeysetPages;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/correlations}: stored pairs, newest found first; {@code rule} (id), {@code kind} with
 * {@code ref} (an event on either side), {@code from}/{@code to} on when the pair was found, {@code limit},
 * {@code cursor}.
 */
@RestController
@Requires(Scope.READ)
class CorrelationController {

    private final KeysetPages pages;
    private final QueryLimits limits;

    CorrelationController(KeysetPages pages, QueryLimits limits) {
        this.pages = pages;
        this.limits = limits;
    }

    @GetMapping("/api/v1/correlations")
    Mono<Void> list(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        Double rule = p.number("rule", 1, Long.MAX_VALUE, false);
        if (rule != null && rule != Math.floor(rule)) {
            throw new BadParameterException("rule", "a rule id (a positive whole number)");
        }
        String kindName = p.text("kind");
        String ref = p.text("ref");
        EventKind kind = kindName == null ? null : EventKind.of(kindName);
        if (kindName != null && kind == null) {
            throw new BadParameterException("kind", "one of " + EventKind.labels());
        }
        if ((kind == null) != (ref == null)) {
            throw new BadParameterException(kind == null ? "kind" : "ref", "kind and ref go together: the event's kind and natural key");
        }
        QueryParams.Range<Instant> found = p.timeRange("from", "to");
        int limit = p.limit(100);
        List<String> after = pages.after(p, "correlations", 1);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        Where where = CorrelationQueries.filter(rule == null ? null : rule.longValue(), kind, ref, found.min(), found.max(),
                after == null ? null : Long.parseLong(after.get(0)));
        return pages.list(exchange, token, "correlations", CorrelationQueries.list(where), where, limit, 1);
    }
}
