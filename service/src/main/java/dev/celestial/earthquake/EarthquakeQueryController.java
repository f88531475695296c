package dev.celestial.earthquake;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.db.Where;
import dev.celestial.earthquake.EarthquakeQueries.Cursor;
import dev.celestial.earthquake.EarthquakeQueries.Filters;
import dev.celestial.earthquake.EarthquakeQueries.Found;
import dev.celestial.earthquake.EarthquakeQueries.Order;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.CursorSigner;
import dev.celestial.web.JsonRows;
import dev.celestial.web.JsonStream;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;

/**
 * Read-only earthquake queries, each routed by {@link ReadRouter}: RFC 7946 GeoJSON by default
 * ({@code application/geo+json}), plain records for {@code Accept: application/json}; pages stream
 * row by row and end with a {@code next} link while more remain.
 */
@RestController
@Requires(Scope.READ)
class EarthquakeQueryController {

    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    static final int DEFAULT_LIMIT = 100;

    private final ReadRouter router;
    private final JsonRows rows;
    private final QueryLimits limits;
    private final CursorSigner signer;
    private final ArchiveCutoff archive;

    EarthquakeQueryController(ReadRouter router, JsonRows rows, QueryLimits limits, CursorSigner signer, ArchiveCutoff archive) {
        this.router = router;
        this.rows = rows;
        this.limits = limits;
        this.signer = signer;
        this.archive = archive;
    }

    @GetMapping("/api/v1/earthquakes/nearby")
    Mono<Void> nearby(ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        double lat = params.number("lat", -90, 90, true);
        double lon = params.number("lon", -180, 180, true);
        double radiusKm = params.radiusKm("radiusKm");
        Filters filters = filters(params);
        boolean withArchive = withArchive(params, filters);
        Order order = Order.named(params.choice("orderBy", "time", EarthquakeQueries.orderNames(true)));
        Page page = page(params, order);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        return respond(exchange, token, page, order,
                db -> EarthquakeQueries.nearby(db, withArchive, lat, lon, radiusKm, filters, order, page.cursor(), page.limit()));
    }

    @GetMapping("/api/v1/earthquakes")
    Mono<Void> inBox(ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        double minLat = params.number("minLat", -90, 90, true);
        double maxLat = params.number("maxLat", -90, 90, true);
        double minLon = params.number("minLon", -180, 180, true);
        double maxLon = params.number("maxLon", -180, 180, true);
        QueryParams.ordered("minLat", minLat, "maxLat", maxLat);
        params.checkBox(minLat, maxLat, minLon, maxLon);
        Filters filters = filters(params);
        boolean withArchive = withArchive(params, filters);
        Order order = Order.named(params.choice("orderBy", "time", EarthquakeQueries.orderNames(false)));
        Page page = page(params, order);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        return respond(exchange, token, page, order,
                db -> EarthquakeQueries.inBox(db, withArchive, minLat, minLon, maxLat, maxLon, filters, order, page.cursor(), page.limit()));
    }

    /** The last 30 days' significant earthquakes ({@code v_recent_significant_quakes}), newest first. */
    @GetMapping("/api/v1/earthquakes/significant")
    Mono<Void> significant(ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        int limit = params.limit(DEFAULT_LIMIT);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        return rows.list(exchange, token, """
                SELECT row_to_json(r)::text FROM (
                SELECT source_id AS "sourceId", occurred_at AS time, latitude, longitude, depth_km AS "depthKm", magnitude,
                       mag_type AS "magType", place, status, tsunami, significance AS sig, alert_level AS alert, url
                  FROM celestial.v_recent_significant_quakes
                 ORDER BY occurred_at DESC, source_id DESC
                 LIMIT :limit) r""", new Where(), limit);
    }

    @GetMapping("/api/v1/earthquakes/{sourceId}")
    Mono<ResponseEntity<byte[]>> byId(@PathVariable String sourceId, ServerWebExchange exchange) {
        QueryParams params = limits.params(exchange);
        boolean withArchive = archive.includes(includeArchive(params), null, null);
        String token = JsonRows.token(params, exchange);
        params.rejectUnknown();
        boolean plain = plain(exchange);
        return router.read(exchange, token, db -> EarthquakeQueries.byId(db, withArchive, sourceId)).next()
                .map(found -> ResponseEntity.ok().contentType(plain ? MediaType.APPLICATION_JSON : GEO_JSON)
                        .body(document(found, plain)))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no earthquake " + sourceId)));
    }

    record Page(int limit, Cursor cursor) {
    }

    static Filters filters(QueryParams params) {
        QueryParams.Range<Instant> time = params.timeRange("from", "to");
        QueryParams.Range<Double> magnitude = params.numberRange("minMagnitude", "maxMagnitude", -2, 10);
        QueryParams.Range<Double> depth = params.numberRange("minDepthKm", "maxDepthKm", -100, 1000);
        return new Filters(time.min(), time.max(), magnitude.min(), magnitude.max(), depth.min(), depth.max());
    }

    /** {@code includeArchive=true|false}; unset, the archive is read when the time range reaches before its cutoff. */
    private boolean withArchive(QueryParams params, Filters filters) {
        return archive.includes(includeArchive(params), filters.from(), filters.to());
    }

    static Boolean includeArchive(QueryParams params) {
        String value = params.choice("includeArchive", null, List.of("true", "false"));
        return value == null ? null : Boolean.valueOf(value);
    }

    Page page(QueryParams params, Order order) {
        int limit = params.limit(DEFAULT_LIMIT);
        String cursor = params.text("cursor");
        return new Page(limit, cursor == null ? null : Cursor.decode(cursor, order, signer));
    }

    /** Runs {@code query} where the routing decides, encoding its page inside the routed read (see {@link ReadRouter}). */
    private Mono<Void> respond(ServerWebExchange exchange, String token, Page page, Order order, Function<DatabaseClient, Flux<Found>> query) {
        boolean plain = plain(exchange);
        return JsonStream.write(exchange, plain ? MediaType.APPLICATION_JSON : GEO_JSON,
                router.read(exchange, token, db -> encode(exchange, page, order, plain, query.apply(db))));
    }

    private Flux<JsonStream.Chunk> encode(ServerWebExchange exchange, Page page, Order order, boolean plain, Flux<Found> rows) {
        Function<Found, String> next = last -> UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                .replaceQueryParam("cursor", EarthquakeQueries.after(last, order).encode(signer)).build().toUriString();
        return plain
                ? JsonStream.page(rows, page.limit(), (out, none) -> out.writeStartObject().writeName("items").writeStartArray(),
                        QuakeJson::plain,
                        (out, last, more) -> out.writeEndArray().writeStringProperty("next", more ? next.apply(last) : null).writeEndObject())
                : JsonStream.page(rows, page.limit(),
                        (out, none) -> out.writeStartObject().writeStringProperty("type", "FeatureCollection")
                                .writeName("features").writeStartArray(),
                        QuakeJson::feature,
                        (out, last, more) -> {
                            out.writeEndArray().writeName("links").writeStartArray();
                            if (more) {
                                out.writeStartObject().writeStringProperty("rel", "next").writeStringProperty("type", GEO_JSON.toString())
                                        .writeStringProperty("href", next.apply(last)).writeEndObject();
                            }
                            out.writeEndArray().writeEndObject();
                        });
    }

    /** {@code Accept: application/json} without GeoJSON asks for plain records. */
    static boolean plain(ServerWebExchange exchange) {
        List<MediaType> accept = exchange.getRequest().getHeaders().getAccept();
        return accept.stream().anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON))
                && accept.stream().noneMatch(type -> type.equalsTypeAndSubtype(GEO_JSON));
    }

    /** One earthquake as a document by itself. */
    private byte[] document(Found found, boolean plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator out = JsonStream.generator(bytes)) {
            if (plain) {
                QuakeJson.plain(out, found);
            } else {
                QuakeJson.feature(out, found);
            }
        }
        return bytes.toByteArray();
    }
}
