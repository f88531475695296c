package dev.celestial.catalogue;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.correlation.Side;
import dev.celestial.db.Where;
import dev.celestial.ingest.IngestKind;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.JsonRows;
import dev.celestial.web.KeysetPages;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/prophecies}, {@code GET /api/v1/celestial-signs}, each item with its links, and
 * {@code GET /api/v1/celestial-signs/{id}/events}: the observed events a sign's matcher selects.
 */
@RestController
@Requires(Scope.READ)
class CatalogueController {

    private final KeysetPages pages;
    private final QueryLimits limits;
    private final JsonMapper json;
    private final List<String> eventKinds;

    CatalogueController(KeysetPages pages, QueryLimits limits, JsonMapper json, List<IngestKind<?>> kinds) {
        this.pages = pages;
        // a sign names the kind of event it is seen in: every kind the service ingests
        this.eventKinds = kinds.stream().map(IngestKind::eventKind).sorted().toList();
        this.limits = limits;
        this.json = json;
    }

    @GetMapping("/api/v1/prophecies")
    Mono<Void> prophecies(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        String book = p.text("book");
        String theme = p.text("theme");
        String q = p.text("q");
        int limit = p.limit(100);
        List<String> after = pages.after(p, "prophecies", 1);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        Where where = new Where();
        String sql = CatalogueQueries.prophecies(where, book, theme, q, after == null ? null : Long.parseLong(after.get(0)));
        return pages.list(exchange, token, "prophecies", sql, where, limit, 1);
    }

    @GetMapping("/api/v1/celestial-signs")
    Mono<Void> signs(ServerWebExchange exchange) {
        QueryParams p = limits.params(exchange);
        String category = p.choice("category", null, CatalogueQueries.CATEGORIES);
        String eventKind = p.choice("eventKind", null, eventKinds);
        String q = p.text("q");
        int limit = p.limit(100);
        List<String> after = pages.after(p, "celestial-signs", 1);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        Where where = new Where();
        String sql = CatalogueQueries.signs(where, category, eventKind, q, after == null ? null : Long.parseLong(after.get(0)));
        return pages.list(exchange, token, "celestial-signs", sql, where, limit, 1);
    }

    /** The live events the sign's matcher selects, newest first; 404 for no such sign, or a sign without a matcher. */
    @GetMapping("/api/v1/celestial-signs/{id}/events")
    Mono<Void> events(@PathVariable String id, ServerWebExchange exchange) {
        long sign = QueryParams.id(id, "sign");
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> time = p.timeRange("from", "to");
        int limit = p.limit(100);
        List<String> after = pages.after(p, "sign-events-" + sign, 2);
        String token = JsonRows.token(p, exchange);
        p.rejectUnknown();
        return pages.list(exchange, token, "sign-events-" + sign, db -> db.sql(
                                "SELECT name, matcher::text FROM celestial.celestial_signs WHERE id = :id")
                        .bind("id", sign)
                        .map(row -> new String[] {row.get(0, String.class), row.get(1, String.class)}).one()
                        .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no celestial sign " + sign)))
                        .map(found -> {
                            if (found[1] == null) {
                                throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                                        "the sign " + found[0] + " matches no observed events (it has no matcher)");
                            }
                            Where where = new Where();
                            Side matcher = Side.parse(json.readTree(found[1]), "matcher");
                            return new KeysetPages.Statement(CatalogueQueries.events(where, matcher, time.min(), time.max(), after), where);
                        }),
                limit, 2);
    }
}
