package dev.celestial.alert;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.db.Where;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.CursorSigner;
import dev.celestial.web.JsonRows;
import dev.celestial.web.JsonStream;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Alerts: the list (keyset pages, newest first) and the summary of unresolved ones, both routed reads;
 * acknowledging and resolving (the {@code ingest} scope: the scope that changes data, not key management).
 */
@RestController
class AlertController {

    static final int DEFAULT_LIMIT = 100;

    private final ReadRouter router;
    private final JsonRows rows;
    private final QueryLimits limits;
    private final CursorSigner signer;
    private final AlertStates states;
    private final EventKinds kinds;

    AlertController(ReadRouter router, JsonRows rows, QueryLimits limits, CursorSigner signer, AlertStates states, EventKinds kinds) {
        this.router = router;
        this.kinds = kinds;
        this.rows = rows;
        this.limits = limits;
        this.signer = signer;
        this.states = states;
    }

    @GetMapping("/api/v1/alerts")
    @Requires(Scope.READ)
    Mono<Void> list(ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        AlertQueries.Filters filters = filters(params, true, kinds);
        int limit = params.limit(DEFAULT_LIMIT);
        String cursorText = params.text("cursor");
        Long before = cursorText == null ? null : AlertQueries.cursor(cursorText, signer);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        return JsonStream.write(exchange, MediaType.APPLICATION_JSON, router.read(exchange, token, db -> JsonStream.page(
                AlertQueries.page(db, filters, before, limit), limit,
                (out, none) -> out.writeStartObject().writeName("items").writeStartArray(),
                (out, alert) -> out.writeRawValue(alert.json()),
                (out, last, more) -> out.writeEndArray().writeStringProperty("next", more
                        ? UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                                .replaceQueryParam("cursor", AlertQueries.cursor(last.id(), signer)).build().toUriString()
                        : null).writeEndObject())));
    }

    /** Unresolved alerts per kind and severity ({@code v_active_alerts_summary}). */
    @GetMapping("/api/v1/alerts/summary")
    @Requires(Scope.READ)
    Mono<Void> summary(ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        return rows.list(exchange, token, """
                SELECT row_to_json(r)::text FROM (
                SELECT event_kind AS "eventKind", severity, active_count AS "activeCount", open_count AS "openCount",
                       acknowledged_count AS "acknowledgedCount", oldest_at AS "oldestAt", newest_at AS "newestAt"
                  FROM celestial.v_active_alerts_summary
                 ORDER BY event_kind, severity
                 LIMIT :limit) r""", new Where(), 1000);
    }

    /** Open → acknowledged; acknowledging an acknowledged alert again answers it unchanged; a resolved one is 409. */
    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    @Requires(Scope.INGEST)
    Mono<ResponseEntity<String>> acknowledge(@PathVariable String id) {
        return states.acknowledge(QueryParams.id(id, "alert")).map(json -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json));
    }

    /** Open or acknowledged → resolved; resolving a resolved alert again answers it unchanged (idempotent). */
    @PostMapping("/api/v1/alerts/{id}/resolve")
    @Requires(Scope.INGEST)
    Mono<ResponseEntity<String>> resolve(@PathVariable String id) {
        return states.resolve(QueryParams.id(id, "alert")).map(json -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json));
    }

    static AlertQueries.Filters filters(QueryParams params, boolean withStatusAndTime, EventKinds kinds) {
        String status = withStatusAndTime ? params.choice("status", null, AlertQueries.STATUSES) : null;
        String severity = params.choice("severity", null, AlertQueries.SEVERITIES);
        String kind = params.choice("kind", null, kinds.labels());
        QueryParams.Range<java.time.Instant> time = withStatusAndTime ? params.timeRange("from", "to") : new QueryParams.Range<>(null, null);
        return new AlertQueries.Filters(status, severity, kind, time.min(), time.max());
    }
}
