package dev.celestial.alert;

import dev.celestial.access.Caller;
import dev.celestial.access.LongLived;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.read.QueryLimits;
import dev.celestial.read.QueryParams;
import dev.celestial.web.BadParameterException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * New alerts as Server-Sent Events ({@code event: alert}, {@code id:} the alert id, {@code data:} the
 * alert as the list gives it). {@code Last-Event-ID} (or {@code ?lastEventId=}) replays what came after
 * it; {@code severity} and {@code kind} filter.
 */
@RestController
class AlertStreamController {

    private final AlertStream stream;
    private final QueryLimits limits;

    AlertStreamController(AlertStream stream, QueryLimits limits) {
        this.stream = stream;
        this.limits = limits;
    }

    @GetMapping(path = "/api/v1/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Requires(Scope.READ)
    @LongLived
    Flux<ServerSentEvent<String>> stream(ServerWebExchange exchange, Authentication caller) {
        QueryParams params = limits.params(exchange);
        AlertQueries.Filters filters = AlertController.filters(params, false);
        String header = exchange.getRequest().getHeaders().getFirst("Last-Event-ID");
        String parameter = params.text("lastEventId");
        params.rejectUnknown();
        Long lastEventId = lastEventId(parameter != null ? parameter : header);
        if (exchange.getRequest().getMethod() == HttpMethod.HEAD) {
            // a HEAD answer has no body, and a stream never ends: the headers alone
            return Flux.empty();
        }
        Object client = caller != null && caller.getPrincipal() instanceof Caller known ? (known.id() != null ? known.id() : known.name()) : "public";
        return stream.subscribe(filters, lastEventId, client);
    }

    static Long lastEventId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(text.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("lastEventId", "an alert id (Last-Event-ID as this stream sent it)");
    }
}
