package dev.celestial.ingest;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** An upstream format (USGS GeoJSON, DONKI, Horizons, ...): splits a body into items and reads each. */
public interface NativeFormat<R> {

    /** The body's items as JSON trees, in order. */
    Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader);

    /** Reads one item, reporting problems to {@code fields}. */
    R read(Fields fields);
}
