package dev.celestial.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies for unit tests of {@link BodyReader} and the native formats, without the service: a
 * reader with the service's default limits (application.yaml) or smaller ones, bodies cut into buffers
 * anywhere, and a format's records read as {@link IngestService} reads them.
 */
public final class Bodies {

    /** The limits application.yaml gives when no environment variable overrides them. */
    public static final IngestProperties DEFAULTS = limits(DataSize.ofGigabytes(4), DataSize.ofKilobytes(64), DataSize.ofMegabytes(16));

    /** A record a native format read, with the problems it reported. */
    public record Read<R>(R record, List<RecordError> errors) {
    }

    private Bodies() {
    }

    /** The default limits but for the body, line (record) and native document sizes. */
    public static IngestProperties limits(DataSize maxBody, DataSize maxLine, DataSize maxNative) {
        return new IngestProperties(5000, maxBody, maxLine, maxNative, 10_000_000, Duration.ofSeconds(15), 20,
                Duration.ofSeconds(30), DataSize.ofKilobytes(16), Duration.ofDays(1));
    }

    public static BodyReader reader() {
        return reader(DEFAULTS);
    }

    public static BodyReader reader(IngestProperties properties) {
        return new BodyReader(JsonMapper.builder().build(), properties);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bytes} in one buffer. */
    public static Flux<DataBuffer> whole(byte[] bytes) {
        return cutAt(bytes);
    }

    /** {@code bytes} in buffers of {@code size} bytes, the last one shorter. */
    public static Flux<DataBuffer> inPieces(byte[] bytes, int size) {
        int[] cuts = new int[Math.max(0, (bytes.length - 1) / size)];
        Arrays.setAll(cuts, i -> (i + 1) * size);
        return cutAt(bytes, cuts);
    }

    /** {@code bytes} cut into buffers at the given offsets (ascending); made anew for each subscriber. */
    public static Flux<DataBuffer> cutAt(byte[] bytes, int... offsets) {
        int[] bounds = new int[offsets.length + 2];
        System.arraycopy(offsets, 0, bounds, 1, offsets.length);
        bounds[bounds.length - 1] = bytes.length;
        return Flux.range(0, bounds.length - 1)
                .filter(i -> bytes.length > 0)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, bounds[i], bounds[i + 1])));
    }

    /** The records {@code format} reads from {@code body} with the default limits, positioned as IngestService positions them. */
    public static <R> Flux<Read<R>> read(NativeFormat<R> format, Flux<DataBuffer> body) {
        return read(format, body, reader());
    }

    public static <R> Flux<Read<R>> read(NativeFormat<R> format, Flux<DataBuffer> body, BodyReader reader) {
        return format.split(body, reader).index().map(t -> {
            List<RecordError> errors = new ArrayList<>();
            R record = format.read(new Fields(t.getT2(), new RecordError.Position(t.getT1(), false), errors));
            return new Read<>(record, errors);
        });
    }

    /** The records alone, failing on the first one that reported a problem. */
    public static <R> Flux<R> records(NativeFormat<R> format, Flux<DataBuffer> body) {
        return read(format, body).map(read -> {
            if (!read.errors().isEmpty()) {
                throw new AssertionError("the record was refused: " + read.errors());
            }
            return read.record();
        });
    }
}
