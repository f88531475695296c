package dev.celestial.orbit;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.NativeFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A JPL SBDB object answer: {@code object} (des, fullname, neo, pha, orbit_class) and {@code orbit.elements[]}. */
final class SbdbObject implements NativeFormat<OrbitalElements> {

    private final OrbitIngest kind;

    SbdbObject(OrbitIngest kind) {
        this.kind = kind;
    }

    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.tree(body).flatMapMany(document -> {
            JsonNode object = document.path("object");
            JsonNode orbit = document.path("orbit");
            if (!object.isObject() || !orbit.path("elements").isArray()) {
                return Flux.error(new InvalidBatchException(InvalidBatchException.Kind.MALFORMED,
                        "not an SBDB object answer with \"object\" and \"orbit.elements\"", List.of()));
            }
            ObjectNode record = JsonNodeFactory.instance.objectNode();
            record.set("designation", object.path("des"));
            record.set("fullName", object.path("fullname"));
            record.set("orbitClass", object.path("orbit_class").path("code"));
            record.set("neo", object.path("neo"));
            record.set("pha", object.path("pha"));
            record.set("epochJd", orbit.path("epoch"));
            for (JsonNode element : orbit.path("elements").values()) {
                String name = element.path("name").asString("");
                if (OrbitIngest.FIELDS.contains(name) && name.length() <= 3) {
                    record.set(name, element.path("value"));
                }
            }
            return Flux.just(record);
        });
    }

    @Override
    public OrbitalElements read(Fields f) {
        return kind.read(f);
    }
}
