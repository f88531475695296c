package dev.celestial.web;

import dev.celestial.db.Where;
import dev.celestial.routing.ReadRouter;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A routed read whose SQL writes each row as JSON ({@code row_to_json(...)::text AS doc}), streamed as
 * {@code {"items":[...],"more":bool}}: {@code more} tells the page stopped at {@code limit}.
 */
@Component
public final class JsonRows {

    private final ReadRouter router;

    JsonRows(ReadRouter router) {
        this.router = router;
    }

    /** {@code sql} must end {@code LIMIT :limit}; it is given {@code limit + 1}. */
    public Mono<Void> list(ServerWebExchange exchange, String token, String sql, Where where, int limit) {
        where.bind("limit", limit + 1);
        // encoded inside the routed read, so a replica failure before the first chunk can still go to the primary
        return JsonStream.write(exchange, MediaType.APPLICATION_JSON, router.read(exchange, token, db -> JsonStream.page(
                where.apply(db, sql).map(row -> row.get(0, String.class)).all(), limit,
                (out, none) -> out.writeStartObject().writeName("items").writeStartArray(),
                (out, doc) -> out.writeRawValue(doc),
                (out, last, more) -> out.writeEndArray().writeBooleanProperty("more", more).writeEndObject())));
    }

    /** The consistency token of a read: the {@code consistencyToken} parameter, else the header. */
    public static String token(QueryParams params, ServerWebExchange exchange) {
        String token = params.text("consistencyToken");
        return token != null ? token : exchange.getRequest().getHeaders().getFirst("Consistency-Token");
    }
}
