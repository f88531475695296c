package dev.celestial.read;

import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a page of rows as one JSON document straight to UTF-8 bytes, in chunks of about
 * {@value #CHUNK} bytes, never holding the page in memory.
 */
public final class JsonStream {

    static final int CHUNK = 64 * 1024;

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

    private JsonStream() {
    }

    /** A generator for hand-written documents: doubles in their shortest form, as the fast writer gives them. */
    public static JsonGenerator generator(JsonMapper json, ByteArrayOutputStream out) {
        return json.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).createGenerator(out);
    }

    /**
     * @param rows up to {@code limit + 1} rows; the extra one only tells that more remain
     * @param head the document up to the first row
     * @param row one row
     */
    public static <T> Flux<DataBuffer> page(JsonMapper json, Flux<T> rows, int limit, Part<Void> head, Part<T> row, Tail<T> tail) {
        return Flux.defer(() -> {
            Page<T> page = new Page<>(json);
            Flux<DataBuffer> body = rows.take(limit + 1L).handle((item, sink) -> {
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
                page.json.flush();
                if (page.out.size() >= CHUNK) {
                    sink.next(page.take());
                }
            });
            return Flux.concat(body, Mono.fromSupplier(() -> {
                if (page.written == 0) {
                    head.write(page.json, null);
                }
                tail.write(page.json, page.last, page.more);
                page.json.close();
                return page.take();
            }));
        });
    }

    /** One response's state; rows arrive one at a time, so plain fields do. */
    private static final class Page<T> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK + 4096);
        final JsonGenerator json;
        long written;
        T last;
        boolean more;

        Page(JsonMapper mapper) {
            json = generator(mapper, out);
        }

        DataBuffer take() {
            DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(out.toByteArray());
            out.reset();
            return buffer;
        }
    }
}
