package dev.celestial.fdsn;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.earthquake.Earthquake;
import dev.celestial.routing.BadTokenException;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.BadParameterException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /fdsnws/event/1/}: {@code query} (geojson with the USGS property names, text, csv),
 * {@code count} and {@code version}. Errors are plain text as the specification words them. Reads are
 * routed like every other read.
 */
@RestController
@Requires(Scope.READ)
class FdsnController {

    static final String VERSION = "1.0.0";
    static final String TEXT_HEADER = "#EventID|Time|Latitude|Longitude|Depth/km|Author|Catalog|Contributor|ContributorID"
            + "|MagType|Magnitude|MagAuthor|EventLocationName|EventType\n";
    static final String CSV_HEADER = "time,latitude,longitude,depth,mag,magType,nst,gap,dmin,rms,net,id,updated,place,type,"
            + "horizontalError,depthError,magError,magNst,status,locationSource,magSource\n";
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final ReadRouter router;
    private final JsonMapper json;
    private final ArchiveCutoff archive;

    FdsnController(ReadRouter router, JsonMapper json, ArchiveCutoff archive) {
        this.router = router;
        this.json = json;
        this.archive = archive;
    }

    @GetMapping("/fdsnws/event/1/version")
    ResponseEntity<String> version() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(VERSION);
    }

    @GetMapping("/fdsnws/event/1/count")
    Mono<ResponseEntity<String>> count(ServerWebExchange exchange) {
        FdsnQuery query = new FdsnQuery(FdsnQuery.SPECIFIED.params(exchange), archive.now());
        return router.read(exchange, exchange.getRequest().getHeaders().getFirst("Consistency-Token"), db -> query.count(db).flux()).next()
                .map(n -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(n)));
    }

    @GetMapping("/fdsnws/event/1/query")
    Mono<ResponseEntity<Flux<String>>> query(ServerWebExchange exchange) {
        FdsnQuery query = new FdsnQuery(FdsnQuery.SPECIFIED.params(exchange), archive.now());
        String url = exchange.getRequest().getURI().toString();
        return router.read(exchange, exchange.getRequest().getHeaders().getFirst("Consistency-Token"), db -> query.count(db).flux()).next().map(total -> {
            long available = Math.max(0, total - (query.offset - 1));
            if (query.limit == null && available > FdsnQuery.MAX_LIMIT) {
                throw new BadParameterException("limit", available + " events match, more than " + FdsnQuery.MAX_LIMIT
                        + "; narrow the query or page with limit and offset");
            }
            int rows = (int) Math.min(available, query.limit == null ? FdsnQuery.MAX_LIMIT : query.limit);
            if (rows == 0) {
                return query.notFoundWhenEmpty
                        ? ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                                .body(Flux.just(error(HttpStatus.NOT_FOUND, "no events match the query", url)))
                        : ResponseEntity.noContent().<Flux<String>>build();
            }
            Flux<FdsnQuery.Event> events = router.read(exchange, exchange.getRequest().getHeaders().getFirst("Consistency-Token"), db -> query.events(db, rows));
            return switch (query.format) {
                case "text" -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                        .body(Flux.concat(Mono.just(TEXT_HEADER), events.map(FdsnController::text)));
                case "csv" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                        .body(Flux.concat(Mono.just(CSV_HEADER), events.map(this::csv)));
                default -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(geoJson(events, rows, url));
            };
        });
    }

    @ExceptionHandler({BadParameterException.class, BadTokenException.class})
    ResponseEntity<String> badParameter(RuntimeException e, ServerWebExchange exchange) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
                .body(error(HttpStatus.BAD_REQUEST, e.getMessage(), exchange.getRequest().getURI().toString()));
    }

    /** The error document of the FDSN web service specification. */
    static String error(HttpStatus status, String detail, String url) {
        return "Error " + status.value() + ": " + status.getReasonPhrase() + "\n\n" + detail
                + "\n\nUsage details are available from /fdsnws/event/1/\n\nRequest:\n" + url
                + "\n\nRequest Submitted:\n" + Instant.now() + "\n\nService version:\n" + VERSION + "\n";
    }

    private Flux<String> geoJson(Flux<FdsnQuery.Event> events, int count, String url) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("generated", System.currentTimeMillis()).put("url", url)
                .put("title", "Celestial FDSN event query").put("status", 200).put("api", VERSION).put("count", count);
        String head = "{\"type\":\"FeatureCollection\",\"metadata\":" + json.writeValueAsString(metadata) + ",\"features\":[";
        return Flux.concat(Mono.just(head), events.index().map(t -> (t.getT1() == 0 ? "" : ",") + json.writeValueAsString(feature(t.getT2()))),
                Mono.just("]}"));
    }

    /** A feature as USGS writes it: same property names, times in epoch milliseconds, tsunami 0/1. */
    private ObjectNode feature(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        JsonNode extras = event.extras() == null ? JsonNodeFactory.instance.objectNode() : json.readTree(event.extras());
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("mag", q.magnitude()).put("place", q.place()).put("time", q.time().toEpochMilli())
                .put("updated", q.updated() == null ? null : q.updated().toEpochMilli());
        p.set("tz", extras.path("tz").isMissingNode() ? null : extras.get("tz"));
        p.put("url", q.url());
        copy(extras, p, "detail");
        p.put("felt", q.felt()).put("cdi", q.cdi()).put("mmi", q.mmi()).put("alert", q.alert()).put("status", q.status())
                .put("tsunami", q.tsunami() == null ? null : q.tsunami() ? 1 : 0).put("sig", q.sig()).put("net", q.net())
                .put("code", q.code());
        for (String name : new String[] {"ids", "sources", "types", "nst", "dmin", "rms", "gap"}) {
            copy(extras, p, name);
        }
        p.put("magType", q.magType()).put("type", extras.path("type").asString("earthquake"));
        p.put("title", extras.path("title").asString("M " + q.magnitude() + " - " + (q.place() == null ? "" : q.place())));
        ObjectNode feature = JsonNodeFactory.instance.objectNode().put("type", "Feature");
        feature.set("properties", p);
        var coordinates = feature.putObject("geometry").put("type", "Point").putArray("coordinates").add(q.longitude()).add(q.latitude());
        if (q.depthKm() != null) {
            coordinates.add(q.depthKm());
        } else {
            coordinates.addNull();
        }
        feature.put("id", q.sourceId());
        return feature;
    }

    private static void copy(JsonNode extras, ObjectNode properties, String name) {
        properties.set(name, extras.path(name).isMissingNode() ? null : extras.get(name));
    }

    /** A line of the text format; stored text goes through {@link Cells#text}, numbers and times as they are. */
    static String text(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        String id = Cells.text(q.sourceId());
        String net = Cells.text(q.net());
        return String.join("|", id, MILLIS.format(q.time()), String.valueOf(q.latitude()), String.valueOf(q.longitude()),
                q.depthKm() == null ? "" : String.valueOf(q.depthKm()), net, net, net, id, Cells.text(q.magType()),
                q.magnitude() == null ? "" : String.valueOf(q.magnitude()), net, Cells.text(q.place()), "earthquake") + "\n";
    }

    /** A line of the CSV format; stored text goes through {@link Cells#csv}, numbers and times as they are. */
    private String csv(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        JsonNode extras = event.extras() == null ? JsonNodeFactory.instance.objectNode() : json.readTree(event.extras());
        String net = Cells.csv(q.net());
        return String.join(",", MILLIS.format(q.time()) + "Z", String.valueOf(q.latitude()), String.valueOf(q.longitude()),
                q.depthKm() == null ? "" : String.valueOf(q.depthKm()), q.magnitude() == null ? "" : String.valueOf(q.magnitude()),
                Cells.csv(q.magType()), extra(extras, "nst"), extra(extras, "gap"), extra(extras, "dmin"),
                extra(extras, "rms"), net, Cells.csv(q.sourceId()), q.updated() == null ? "" : MILLIS.format(q.updated()) + "Z",
                Cells.csv(q.place()), Cells.csv(extras.path("type").asString("earthquake")), "", "", "", "",
                Cells.csv(q.status()), net, net) + "\n";
    }

    /** An extra as ingested: numbers as they are, anything else (a client may send any JSON there) as text. */
    private static String extra(JsonNode extras, String name) {
        JsonNode value = extras.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isNumber() ? value.asString() : Cells.csv(value.asString());
    }
}
