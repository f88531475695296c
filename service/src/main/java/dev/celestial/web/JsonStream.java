package dev.celestial.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a page of rows as one JSON document straight to UTF-8 bytes, in chunks of about
 * {@value #CHUNK} bytes, never holding the page in memory. A page that fits one chunk goes out in a
 * single write with its {@code Content-Length}; a longer one streams chunked.
 */
public final class JsonStream {

    public static final int CHUNK = 64 * 1024;

    /** Writes one part of the document. */
    @FunctionalInterface
    public interface Part<T> {
        void write(JsonGenerator json, T value);
    }

    /** Writes the end of the document, given the last row written (or null) and whether more remain. */
    @FunctionalInterface
    public interface Tail<T> {
        void write(JsonGenerator json, T last, boolean more);
    }

    /** Part of a document; {@code last} for the part that ends it. */
    public record Chunk(DataBuffer buffer, boolean last) {
    }

    private JsonStream() {
    }

    /**
     * Generators for hand-written documents: doubles in their shortest form, as the fast writer gives them.
     * Jackson's default buffer recycling and a plain byte stream copied out per chunk: a per-thread pool and a
     * page buffer handed over without a copy did not pay by more than the noise (JsonStreamBenchmark, the
     * {@code micro: jsonStreamPage=… recycledPage=…} line of deploy/bench/micro.sh).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    /** A generator for a hand-written document. */
    public static JsonGenerator generator(OutputStream out) {
        return FACTORY.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * @param rows up to {@code limit + 1} rows; the extra one only tells that more remain
     * @param head the document up to the first row
     * @param row one row
     */
    public static <T> Flux<Chunk> page(Flux<T> rows, int limit, Part<Void> head, Part<T> row, Tail<T> tail) {
        return Flux.defer(() -> {
            Page<T> page = new Page<>();
            Flux<Chunk> body = rows.take(limit + 1L).<Chunk>handle((item, sink) -> {
                if (page.written == limit) {
                    page.more = true;
                    return;
                }
                // the head goes out with the first row, so nothing is committed before the query has answered
                if (page.written++ == 0) {
                    head.write(page.json, null);
                }
                row.write(page.json, item);
                page.last = item;
                // what the generator holds counts too: it is flushed only when a chunk is full
                if (page.out.size() + page.json.streamWriteOutputBuffered() >= CHUNK) {
                    page.json.flush();
                    sink.next(new Chunk(page.take(), false));
                }
            });
            return Flux.concat(body, Mono.fromSupplier(() -> {
                if (page.written == 0) {
                    head.write(page.json, null);
                }
                tail.write(page.json, page.last, page.more);
                page.json.close();
                return new Chunk(page.take(), true);
            }));
        });
    }

    /**
     * Writes {@code chunks} as the response body with {@code type}: a document that is one chunk in one
     * write, a longer one as it comes. An error before the first chunk commits nothing, so it still
     * becomes a problem response.
     */
    public static Mono<Void> write(ServerWebExchange exchange, MediaType type, Flux<Chunk> chunks) {
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().setContentType(type);
        return chunks.switchOnFirst((first, all) -> (first.hasValue() && first.get().last()
                        ? response.writeWith(all.map(Chunk::buffer).single())
                        : response.writeWith(all.map(Chunk::buffer)))
                        // the client went away: nobody is left to answer, and this request may already be cancelled
                        .onErrorResume(AbortedException.class, gone -> Mono.empty()))
                .then();
    }

    /** One response's state; rows arrive one at a time, so plain fields do. */
    private static final class Page<T> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonGenerator json = generator(out);
        long written;
        T last;
        boolean more;

        /** The bytes written so far; the next ones start again from empty. */
        DataBuffer take() {
            DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(out.toByteArray());
            out.reset();
            return buffer;
        }
    }
}
