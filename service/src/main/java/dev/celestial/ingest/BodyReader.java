package dev.celestial.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns request bodies into JSON trees without holding more than one record (or one native
 * document, within its limit) in memory, and turns every way a body can be unreadable into a
 * clear refusal: malformed JSON (400, with the record or line), over a limit (413).
 */
@Component
public class BodyReader {

    /** One record's JSON and where it sat in the body. */
    public record Item(JsonNode node, RecordError.Position position) {
    }

    private static final ResolvableType JSON_NODE = ResolvableType.forClass(JsonNode.class);
    private static final ResolvableType STRING = ResolvableType.forClass(String.class);

    private final JsonMapper mapper;
    private final IngestProperties properties;
    private final JacksonJsonDecoder arrayDecoder;
    private final StringDecoder lineDecoder;

    BodyReader(JsonMapper mapper, IngestProperties properties) {
        this.mapper = mapper;
        this.properties = properties;
        this.arrayDecoder = new JacksonJsonDecoder(mapper);
        this.arrayDecoder.setMaxInMemorySize(Math.toIntExact(properties.maxLineSize().toBytes()));
        this.lineDecoder = StringDecoder.allMimeTypes(List.of("\n"), true);
        this.lineDecoder.setMaxInMemorySize(Math.toIntExact(properties.maxLineSize().toBytes()));
    }

    /** NDJSON: one JSON object per line; blank lines are skipped but counted. */
    public Flux<Item> ndjson(Flux<DataBuffer> body) {
        AtomicLong line = new AtomicLong();
        return lineDecoder.decode(limit(body, properties.maxBodySize().toBytes()), STRING, null, Map.of())
                .onErrorMap(DataBufferLimitException.class, e -> new PayloadTooLargeException(
                        "line " + (line.get() + 1) + " is longer than " + properties.maxLineSize()))
                .cast(String.class)
                .handle((text, sink) -> {
                    RecordError.Position position = new RecordError.Position(line.incrementAndGet(), true);
                    if (!text.isBlank()) {
                        try {
                            sink.next(new Item(mapper.readTree(text), position));
                        } catch (JacksonException e) {
                            sink.error(malformed(position, e.getOriginalMessage()));
                        }
                    }
                });
    }

    /** A JSON array, decoded element by element as it arrives; a lone object counts as one record. */
    public Flux<Item> jsonArray(Flux<DataBuffer> body) {
        return array(body);
    }

    /** The elements of a top-level JSON array as trees, streamed, positioned from 0. */
    public Flux<Item> array(Flux<DataBuffer> body) {
        AtomicLong index = new AtomicLong();
        return arrayDecoder.decode(limit(body, properties.maxBodySize().toBytes()), JSON_NODE, MediaType.APPLICATION_JSON, Map.of())
                .cast(JsonNode.class)
                .map(node -> new Item(node, new RecordError.Position(index.getAndIncrement(), false)))
                .onErrorMap(DataBufferLimitException.class, e -> new PayloadTooLargeException(
                        "record " + index.get() + " is larger than " + properties.maxLineSize()))
                .onErrorMap(DecodingException.class, e -> malformed(new RecordError.Position(index.get(), false),
                        e.getCause() instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()));
    }

    /** A whole native document (read at once, within the native size limit) as UTF-8 text. */
    public Mono<String> text(Flux<DataBuffer> body) {
        long max = properties.maxNativeSize().toBytes();
        return DataBufferUtils.join(limit(body, max), Math.toIntExact(max))
                .map(buffer -> {
                    try {
                        return buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("");
    }

    /** A whole native JSON document as a tree. */
    public Mono<JsonNode> tree(Flux<DataBuffer> body) {
        return text(body).flatMap(text -> {
            try {
                return Mono.just(mapper.readTree(text));
            } catch (JacksonException e) {
                return Mono.error(new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                        "malformed JSON: " + e.getOriginalMessage(), List.of()));
            }
        });
    }

    public JsonMapper mapper() {
        return mapper;
    }

    static InvalidBatchException malformed(RecordError.Position position, String detail) {
        return new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                "malformed JSON at " + position.describe() + ": " + detail,
                List.of(RecordError.at(position, null, "malformed JSON: " + detail)));
    }

    /**
     * Caps the body at {@code max} bytes, ends it when the sender stalls, and copies each network buffer
     * to the heap and releases it at once: the decoders downstream then never hold pooled memory across
     * threads, whatever way they end.
     */
    private Flux<DataBuffer> limit(Flux<DataBuffer> body, long max) {
        AtomicLong seen = new AtomicLong();
        return BodyStall.guard(body, properties.bodyStallTimeout()).handle((buffer, sink) -> {
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
    }
}
