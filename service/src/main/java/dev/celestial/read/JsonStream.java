package dev.celestial.read;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a page of rows as one JSON document, in chunks of about {@value #CHUNK} characters, never
 * holding the page in memory.
 */
public final class JsonStream {

    static final int CHUNK = 16 * 1024;

    private JsonStream() {
    }

    /**
     * @param rows up to {@code limit + 1} rows; the extra one only tells that more remain
     * @param head the document up to the first row
     * @param row one row as JSON
     * @param tail the rest of the document, given the last row written (or null) and whether more remain
     */
    public static <T> Flux<String> page(Flux<T> rows, int limit, String head, Function<T, String> row,
                                        BiFunction<T, Boolean, String> tail) {
        return Flux.defer(() -> {
            StringBuilder pending = new StringBuilder(CHUNK + 2048);
            AtomicLong written = new AtomicLong();
            AtomicReference<T> last = new AtomicReference<>();
            AtomicBoolean more = new AtomicBoolean();
            Flux<String> body = rows.take(limit + 1L).handle((item, sink) -> {
                if (written.get() == limit) {
                    more.set(true);
                    return;
                }
                last.set(item);
                // the head goes out with the first row, so nothing is committed before the query has answered
                pending.append(written.getAndIncrement() == 0 ? head : ",").append(row.apply(item));
                if (pending.length() >= CHUNK) {
                    sink.next(pending.toString());
                    pending.setLength(0);
                }
            });
            return Flux.concat(body, Mono.fromSupplier(() -> (written.get() == 0 ? head : "") + pending + tail.apply(last.get(), more.get())));
        });
    }
}
