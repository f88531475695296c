package dev.celestial.web;

import dev.celestial.support.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * A page of 100 rows (of 101 read) as {@link JsonRows} writes it, {@code {"items":[...],"more":true}}, from the
 * DONKI flare sample as the database's {@code row_to_json} gives it: by {@link JsonStream#page} (Jackson's default
 * buffer recycling, a plain byte stream copied out) and by the same steps with a per-thread recycler pool and a page
 * buffer handed over without a copy, which JsonStream had until this benchmark found them not paying by more than
 * the noise. Run with deploy/bench/micro.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonStreamBenchmark {

    private static final int LIMIT = 100;

    private final JsonFactory recycling = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
    private final JsonStream.Part<Void> head = (out, none) -> out.writeStartObject().writeName("items").writeStartArray();
    private final JsonStream.Part<String> row = (out, doc) -> out.writeRawValue(doc);
    private final JsonStream.Tail<String> tail = (out, last, more) -> out.writeEndArray().writeBooleanProperty("more", more).writeEndObject();
    private Flux<String> rows;

    @Setup
    public void rows() {
        List<String> docs = new ArrayList<>();
        JsonMapper.shared().readTree(Fixtures.bytes("donki/FLR_2024-05.json")).forEach(flare -> docs.add(flare.toString()));
        rows = Flux.fromIterable(docs.subList(0, LIMIT + 1));
        String ours = text(JsonStream.page(rows, LIMIT, head, row, tail).map(JsonStream.Chunk::buffer));
        if (!ours.equals(text(recycled())) || !ours.endsWith("],\"more\":true}")) {
            throw new IllegalStateException("the pages differ:\n" + ours + "\n" + text(recycled()));
        }
    }

    @Benchmark
    public long jsonStreamPage() {
        return size(JsonStream.page(rows, LIMIT, head, row, tail).map(JsonStream.Chunk::buffer));
    }

    @Benchmark
    public long recycledPage() {
        return size(recycled());
    }

    /** JsonStream.page's steps with per-thread buffers and a page buffer given away, not copied. */
    private Flux<DataBuffer> recycled() {
        return Flux.defer(() -> {
            Bytes out = new Bytes();
            JsonGenerator json = recycling.createGenerator(ObjectWriteContext.empty(), out);
            long[] written = {0};
            boolean[] more = {false};
            Flux<DataBuffer> body = rows.take(LIMIT + 1L).handle((item, sink) -> {
                if (written[0] == LIMIT) {
                    more[0] = true;
                    return;
                }
                if (written[0]++ == 0) {
                    head.write(json, null);
                }
                row.write(json, item);
                if (out.size() + json.streamWriteOutputBuffered() >= JsonStream.CHUNK) {
                    json.flush();
                    sink.next(take(out));
                }
            });
            return Flux.concat(body, Mono.fromSupplier(() -> {
                if (written[0] == 0) {
                    head.write(json, null);
                }
                tail.write(json, null, more[0]);
                json.close();
                return take(out);
            }));
        });
    }

    private static DataBuffer take(Bytes out) {
        DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.wrap(ByteBuffer.wrap(out.array(), 0, out.size()));
        out.renew();
        return buffer;
    }

    /** Starts at 32 KB, about a page, and gives its array away. */
    private static final class Bytes extends ByteArrayOutputStream {

        Bytes() {
            super(32 * 1024);
        }

        byte[] array() {
            return buf;
        }

        void renew() {
            buf = new byte[32 * 1024];
            count = 0;
        }
    }

    private static String text(Flux<DataBuffer> page) {
        StringBuilder text = new StringBuilder();
        page.subscribe(buffer -> text.append(buffer.toString(StandardCharsets.UTF_8)));
        return text.toString();
    }

    /** The page's bytes, taken as the response would take them. */
    private static long size(Flux<DataBuffer> page) {
        long[] size = {0};
        page.subscribe(buffer -> size[0] += buffer.readableByteCount());
        return size[0];
    }
}
