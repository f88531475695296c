package dev.celestial.web;

import dev.celestial.db.Where;
import dev.celestial.routing.ReadRouter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Keyset pages of rows whose SQL writes each one as JSON: {@code {"items":[...],"next":url|null}}, where
 * {@code next} is this request with a signed {@code cursor} holding the last row's sort key. The SQL
 * selects the document, then the sort key's columns as text, in its {@code ORDER BY}, and ends
 * {@code LIMIT :limit}; a cursor names its list, so one list's cursor is refused by another.
 */
@Component
public final class KeysetPages {

    private final ReadRouter router;
    private final CursorSigner signer;

    KeysetPages(ReadRouter router, CursorSigner signer) {
        this.router = router;
        this.signer = signer;
    }

    private record Keyed(String doc, List<String> key) {
    }

    /** The sort key the previous page of {@code list} ended at ({@code keys} values), or null without a cursor. */
    public List<String> after(QueryParams params, String list, int keys) {
        String cursor = params.text("cursor");
        if (cursor == null) {
            return null;
        }
        List<String> parts = Arrays.asList(new String(signer.verify(cursor), StandardCharsets.UTF_8).split("\n", -1));
        if (parts.size() != keys + 1 || !parts.get(0).equals(list)) {
            throw new BadParameterException("cursor", "not a cursor of this list");
        }
        return parts.subList(1, parts.size());
    }

    /** A statement of the shape above, and its binds. */
    public record Statement(String sql, Where where) {
    }

    public Mono<Void> list(ServerWebExchange exchange, String token, String list, String sql, Where where, int limit, int keys) {
        return list(exchange, token, list, db -> Mono.just(new Statement(sql, where)), limit, keys);
    }

    /** As above, with a statement worked out on the database the read was routed to (from what it holds). */
    public Mono<Void> list(ServerWebExchange exchange, String token, String list, Function<DatabaseClient, Mono<Statement>> statement,
                           int limit, int keys) {
        return JsonStream.write(exchange, MediaType.APPLICATION_JSON, router.read(exchange, token, db -> JsonStream.page(
                statement.apply(db).flatMapMany(query -> query.where().bind("limit", limit + 1).apply(db, query.sql()).map(row -> {
                    List<String> key = new ArrayList<>(keys);
                    for (int i = 1; i <= keys; i++) {
                        key.add(row.get(i, String.class));
                    }
                    return new Keyed(row.get(0, String.class), key);
                }).all()), limit,
                (out, none) -> out.writeStartObject().writeName("items").writeStartArray(),
                (out, row) -> out.writeRawValue(row.doc()),
                (out, last, more) -> out.writeEndArray().writeStringProperty("next", more ? next(exchange, list, last) : null)
                        .writeEndObject())));
    }

    private String next(ServerWebExchange exchange, String list, Keyed last) {
        String cursor = signer.sign((list + "\n" + String.join("\n", last.key())).getBytes(StandardCharsets.UTF_8));
        return UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replaceQueryParam("cursor", cursor).build().toUriString();
    }
}
