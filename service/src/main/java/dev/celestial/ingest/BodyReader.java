package dev.celestial.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns request bodies into JSON trees without holding more than one record (or one small native
 * document, within its limit) in memory, off the event loops, and turns every way a body can be
 * unreadable into a clear refusal: malformed JSON (400, with the record or line), over a limit (413).
 * No input can make it slow: no regular expressions, and every string, line, element and nesting
 * level is capped.
 */
@Component
public class BodyReader {

    /** One record's JSON and where it sat in the body. */
    public record Item(JsonNode node, RecordError.Position position) {
    }

    private static final ResolvableType STRING = ResolvableType.forClass(String.class);
    /** Network buffers queued on the worker that parses them; the sender is backpressured beyond. */
    private static final int PREFETCH = 8;
    private static final int MAX_NESTING = 64;

    private final JsonMapper mapper;
    /** Reads records: no string longer than a record may be. */
    private final JsonMapper bodies;
    /** Reads whole native documents: no string longer than the document may be. */
    private final JsonMapper documents;
    private final IngestProperties properties;
    private final StringDecoder lineDecoder;

    BodyReader(JsonMapper mapper, IngestProperties properties) {
        this.mapper = mapper;
        this.properties = properties;
        // a string token is buffered whole by the parser: none may be longer than what holds it
        this.bodies = constrained(properties.maxLineSize().toBytes());
        this.documents = constrained(properties.maxNativeSize().toBytes());
        this.lineDecoder = StringDecoder.allMimeTypes(List.of("\n"), true);
        this.lineDecoder.setMaxInMemorySize(Math.toIntExact(properties.maxLineSize().toBytes()));
    }

    /** NDJSON: one JSON object per line; blank lines are skipped but counted. */
    public Flux<Item> ndjson(Flux<DataBuffer> body) {
        AtomicLong line = new AtomicLong();
        return lines(body, properties.maxBodySize().toBytes(), line)
                .handle((text, sink) -> {
                    RecordError.Position position = new RecordError.Position(line.get(), true);
                    if (!text.isBlank()) {
                        try {
                            sink.next(new Item(bodies.readTree(text), position));
                        } catch (JacksonException e) {
                            sink.error(malformed(position, e.getOriginalMessage()));
                        }
                    }
                });
    }

    /** The lines of a text body (CR LF or LF), each at most {@code max-line-size}, within {@code max-body-size}. */
    public Flux<String> lines(Flux<DataBuffer> body) {
        return lines(body, properties.maxBodySize().toBytes(), new AtomicLong());
    }

    private Flux<String> lines(Flux<DataBuffer> body, long max, AtomicLong line) {
        return lineDecoder.decode(limit(body, max), STRING, null, Map.of())
                .onErrorMap(DataBufferLimitException.class, e -> new PayloadTooLargeException(
                        "line " + (line.get() + 1) + " is longer than " + properties.maxLineSize()))
                .cast(String.class)
                .map(text -> {
                    line.incrementAndGet();
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                });
    }

    /** A JSON array, decoded element by element as it arrives; a lone object counts as one record. */
    public Flux<Item> jsonArray(Flux<DataBuffer> body) {
        return array(body);
    }

    /** The elements of a top-level JSON array as trees, streamed, positioned from 0. */
    public Flux<Item> array(Flux<DataBuffer> body) {
        return elements(body, null, Map.of(), null);
    }

    /**
     * The elements of the array under the top-level {@code field}, streamed, positioned from 0; the
     * body must be an object whose top-level strings include {@code required} (else {@code what} is
     * the refusal).
     */
    public Flux<Item> elements(Flux<DataBuffer> body, String field, Map<String, String> required, String what) {
        return Flux.defer(() -> {
            JsonElements split = new JsonElements(bodies, field, properties.maxLineSize().toBytes());
            AtomicLong index = new AtomicLong();
            Flux<JsonNode> nodes = limit(body, properties.maxBodySize().toBytes())
                    .concatMapIterable(buffer -> split.feed(bytes(buffer)))
                    .concatWith(Flux.defer(() -> {
                        List<JsonNode> last = split.end();
                        if (field != null && (!split.found() || !required.entrySet().stream()
                                .allMatch(e -> e.getValue().equals(split.topLevel().get(e.getKey()))))) {
                            return Flux.error(new InvalidBatchException(InvalidBatchException.Kind.MALFORMED, what, List.of()));
                        }
                        return Flux.fromIterable(last);
                    }));
            return nodes.map(node -> new Item(node, new RecordError.Position(index.getAndIncrement(), false)));
        });
    }

    /** A whole native document (read at once, within {@code max-native-size}) as a tree, parsed off the event loop. */
    public Mono<JsonNode> tree(Flux<DataBuffer> body) {
        long max = properties.maxNativeSize().toBytes();
        return DataBufferUtils.join(limit(body, max), Math.toIntExact(max))
                .map(buffer -> {
                    try {
                        return documents.readTree(bytes(buffer));
                    } catch (JacksonException e) {
                        throw new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                                "malformed JSON: " + e.getOriginalMessage(), List.of());
                    }
                })
                .switchIfEmpty(Mono.error(() -> new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                        "the body is empty", List.of())));
    }

    private static JsonMapper constrained(long maxString) {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Math.toIntExact(maxString)).maxNestingDepth(MAX_NESTING).build()).build()).build();
    }

    /** The longest line or record, in bytes. */
    public long maxLineSize() {
        return properties.maxLineSize().toBytes();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    static InvalidBatchException malformed(RecordError.Position position, String detail) {
        return new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                "malformed JSON at " + position.describe() + ": " + detail,
                List.of(RecordError.at(position, null, "malformed JSON: " + detail)));
    }

    /** The buffer's bytes (heap buffers from {@link #limit} wrap exactly them). */
    private static byte[] bytes(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        return bytes;
    }

    /**
     * Caps the body at {@code max} bytes, ends it when the sender stalls or drips, copies each network
     * buffer to the heap and releases it at once (the parsers downstream then never hold pooled memory
     * across threads, whatever way they end), and hands the copies to a worker: no parsing happens on
     * the event loop that also serves the database connections.
     */
    private Flux<DataBuffer> limit(Flux<DataBuffer> body, long max) {
        AtomicLong seen = new AtomicLong();
        // copied before the stall guard, whose queue then never holds a network buffer it would have to release
        Flux<DataBuffer> copies = body.handle((buffer, sink) -> {
            try {
                if (seen.addAndGet(buffer.readableByteCount()) > max) {
                    sink.error(new PayloadTooLargeException("the body is larger than " + max + " bytes"));
                } else {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    sink.next(DefaultDataBufferFactory.sharedInstance.wrap(bytes));
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
        return BodyStall.guard(copies, properties.bodyStallTimeout(), properties.minUploadRate()).publishOn(Schedulers.parallel(), PREFETCH);
    }
}
