package dev.celestial.read;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * A routed read whose SQL writes each row as JSON ({@code row_to_json(...)::text AS doc}), streamed as
 * {@code {"items":[...],"more":bool}}: {@code more} tells the page stopped at {@code limit}.
 */
public final class JsonRows {

    private JsonRows() {
    }

    /** {@code sql} must end {@code LIMIT :limit}; it is given {@code limit + 1}. */
    public static ResponseEntity<Flux<String>> list(ReadRouter router, ServerWebExchange exchange, String token, String sql,
                                                    Map<String, Object> binds, int limit) {
        Flux<String> rows = router.read(exchange, token, db -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("limit", limit + 1);
            for (Map.Entry<String, Object> bind : binds.entrySet()) {
                spec = spec.bind(bind.getKey(), bind.getValue());
            }
            return spec.map(row -> row.get(0, String.class)).all();
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(JsonStream.page(rows, limit, "{\"items\":[", doc -> doc, (last, more) -> "],\"more\":" + more + "}"));
    }

    /** The consistency token of a read: the {@code consistencyToken} parameter, else the header. */
    public static String token(QueryParams params, ServerWebExchange exchange) {
        String token = params.text("consistencyToken");
        return token != null ? token : exchange.getRequest().getHeaders().getFirst("Consistency-Token");
    }
}
