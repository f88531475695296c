package dev.celestial.fdsn;

import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.archive.ArchiveCutoff;
import dev.celestial.routing.BadTokenException;
import dev.celestial.routing.ReadRouter;
import dev.celestial.web.BadParameterException;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /fdsnws/event/1/}: {@code query} (geojson with the USGS property names, text, csv),
 * {@code count} and {@code version}. Errors are plain text as the specification words them. Reads are
 * routed like every other read.
 */
@RestController
@Requires(Scope.READ)
class FdsnController {

    static final String VERSION = "1.0.0";

    private final ReadRouter router;
    private final FdsnCsv csv;
    private final FdsnGeoJson geoJson;
    private final ArchiveCutoff archive;

    FdsnController(ReadRouter router, JsonMapper json, ArchiveCutoff archive) {
        this.router = router;
        this.csv = new FdsnCsv(json);
        this.geoJson = new FdsnGeoJson(json);
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
                case "text" -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(FdsnText.write(events));
                case "csv" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv")).body(csv.write(events));
                default -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(geoJson.write(events, rows, url));
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
}
