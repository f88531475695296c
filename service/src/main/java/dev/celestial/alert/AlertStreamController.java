package dev.celestial.alert;

import dev.celestial.access.Caller;
import dev.celestial.access.LongLived;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerResponse;

/**
 * New alerts as Server-Sent Events ({@code event: alert}, {@code id:} the alert id, {@code data:} the
 * alert as the list gives it). {@code Last-Event-ID} (or {@code ?lastEventId=}) replays what came after
 * it; {@code severity} and {@code kind} filter.
 */
@RestController
class AlertStreamController {

    private final AlertStream stream;
    private final QueryLimits limits;
    private final EventKinds kinds;

    AlertStreamController(AlertStream stream, QueryLimits limits, EventKinds kinds) {
        this.stream = stream;
        this.limits = limits;
        this.kinds = kinds;
    }

    @GetMapping(path = "/api/v1/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Requires(Scope.READ)
    @LongLived
    Mono<Void> stream(ServerWebExchange exchange, Authentication caller) {
        QueryParams params = limits.params(exchange);
        AlertQueries.Filters filters = AlertController.filters(params, false, kinds);
        String header = exchange.getRequest().getHeaders().getFirst("Last-Event-ID");
        String parameter = params.text("lastEventId");
        params.rejectUnknown();
        Long lastEventId = lastEventId(parameter != null ? parameter : header);
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        response.getHeaders().setCacheControl("no-cache");
        // nginx and the like: pass each event on at once
        response.getHeaders().set("X-Accel-Buffering", "no");
        if (exchange.getRequest().getMethod() == HttpMethod.HEAD) {
            // a HEAD answer has no body, and a stream never ends: the headers alone
            return response.setComplete();
        }
        Object client = caller != null && caller.getPrincipal() instanceof Caller known ? (known.id() != null ? known.id() : known.name()) : "public";
        Flux<byte[]> events = stream.subscribe(filters, lastEventId, client, unsent(response));
        // wrapped, not copied: the bytes of a read may be shared by every subscriber, and nothing writes to them
        return response.writeAndFlushWith(events.map(bytes -> Mono.just(response.bufferFactory().wrap(bytes))))
                // the client went away: nobody is left to answer
                .onErrorResume(AbortedException.class, gone -> Mono.empty());
    }

    /** What the connection has not yet taken of what was written to it: Netty's outbound buffer grows without pushing back. */
    static LongSupplier unsent(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        AtomicReference<Channel> channel = new AtomicReference<>();
        if (nativeResponse instanceof HttpServerResponse netty) {
            netty.withConnection(connection -> channel.set(connection.channel()));
        }
        return () -> {
            Channel open = channel.get();
            ChannelOutboundBuffer buffer = open == null ? null : open.unsafe().outboundBuffer();
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        };
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
