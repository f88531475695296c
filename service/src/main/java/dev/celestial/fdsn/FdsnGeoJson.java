package dev.celestial.fdsn;

import dev.celestial.earthquake.Earthquake;
import java.io.StringWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GeoJSON format as USGS writes it: a FeatureCollection with its metadata, one feature per event.
 * One generator writes the whole document; each piece leaves as soon as it is written (the head, then
 * each feature with its separator, then the end), so a page is never held whole.
 */
final class FdsnGeoJson {

    private final JsonMapper json;

    FdsnGeoJson(JsonMapper json) {
        this.json = json;
    }

    Flux<String> write(Flux<FdsnQuery.Event> events, int count, String url) {
        return Flux.defer(() -> {
            StringWriter buffer = new StringWriter();
            JsonGenerator out = json.createGenerator(buffer);
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("generated", System.currentTimeMillis()).put("url", url)
                    .put("title", "Celestial FDSN event query").put("status", 200).put("api", FdsnController.VERSION).put("count", count);
            out.writeStartObject().writeStringProperty("type", "FeatureCollection").writeName("metadata");
            out.writeTree(metadata);
            out.writeName("features").writeStartArray();
            return Flux.concat(Mono.fromSupplier(() -> written(out, buffer)),
                            events.map(event -> {
                                out.writeTree(feature(event));
                                return written(out, buffer);
                            }),
                            Mono.fromSupplier(() -> {
                                out.writeEndArray().writeEndObject();
                                return written(out, buffer);
                            }))
                    // closed by the thread that wrote the end; a cancelled page's generator is left to the collector
                    // (closing it from the cancelling thread could race a feature being written)
                    .doOnComplete(out::close);
        });
    }

    /** What the generator wrote since the last call. */
    private static String written(JsonGenerator out, StringWriter buffer) {
        out.flush();
        String piece = buffer.toString();
        buffer.getBuffer().setLength(0);
        return piece;
    }

    /** A feature as USGS writes it: same property names, times in epoch milliseconds, tsunami 0/1. */
    private ObjectNode feature(FdsnQuery.Event event) {
        Earthquake q = event.quake();
        JsonNode extras = event.extras() == null ? JsonNodeFactory.instance.objectNode() : json.readTree(event.extras());
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("mag", q.magnitude()).put("place", q.place()).put("time", q.time().toEpochMilli())
                .put("updated", q.updated() == null ? null : q.updated().toEpochMilli());
        p.set("tz", extras.path("tz").isMissingNode() ? null : extras.get("tz"));
        p.put("url", q.url());
        copy(extras, p, "detail");
        p.put("felt", q.felt()).put("cdi", q.cdi()).put("mmi", q.mmi()).put("alert", q.alert()).put("status", q.status())
                .put("tsunami", q.tsunami() == null ? null : q.tsunami() ? 1 : 0).put("sig", q.sig()).put("net", q.net())
                .put("code", q.code());
        for (String name : new String[] {"ids", "sources", "types", "nst", "dmin", "rms", "gap"}) {
            copy(extras, p, name);
        }
        p.put("magType", q.magType()).put("type", extras.path("type").asString("earthquake"));
        p.put("title", extras.path("title").asString("M " + q.magnitude() + " - " + (q.place() == null ? "" : q.place())));
        ObjectNode feature = JsonNodeFactory.instance.objectNode().put("type", "Feature");
        feature.set("properties", p);
        var coordinates = feature.putObject("geometry").put("type", "Point").putArray("coordinates").add(q.longitude()).add(q.latitude());
        if (q.depthKm() != null) {
            coordinates.add(q.depthKm());
        } else {
            coordinates.addNull();
        }
        feature.put("id", q.sourceId());
        return feature;
    }

    private static void copy(JsonNode extras, ObjectNode properties, String name) {
        properties.set(name, extras.path(name).isMissingNode() ? null : extras.get(name));
    }
}
