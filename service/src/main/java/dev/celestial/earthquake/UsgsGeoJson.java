package dev.celestial.earthquake;

import dev.celestial.ingest.BodyReader;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.NativeFormat;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A USGS GeoJSON FeatureCollection, as the summary feeds and the FDSN event service serve it.
 * Coordinates are [lon, lat, depth km]; times are milliseconds since the epoch; properties without
 * a column (ids, sources, types, nst, dmin, rms, gap, tz, detail, title, type) are kept in extras.
 */
final class UsgsGeoJson implements NativeFormat<Earthquake> {

    private static final Set<String> COLUMNS = Set.of("mag", "place", "time", "updated", "url", "felt", "cdi", "mmi",
            "alert", "status", "tsunami", "sig", "net", "code", "magType");

    /** Features one by one as they arrive, like NDJSON; the collection's type is checked when the body ends. */
    @Override
    public Flux<JsonNode> split(Flux<DataBuffer> body, BodyReader reader) {
        return reader.elements(body, "features", Map.of("type", "FeatureCollection"),
                "not a GeoJSON FeatureCollection with a features array").map(BodyReader.Item::node);
    }

    @Override
    public Earthquake read(Fields f) {
        String id = EarthquakeIngest.sourceId(f, "id");
        Fields p = f.object("properties", true);
        JsonNode coordinates = f.node().path("geometry").path("coordinates");
        Double longitude = null;
        Double latitude = null;
        Double depth = null;
        if (!"Point".equals(f.node().path("geometry").path("type").asString("")) || !coordinates.isArray() || coordinates.size() < 2) {
            f.error("geometry", "must be a Point with [longitude, latitude, depth]");
        } else {
            longitude = coordinate(f, coordinates, 0, "geometry.coordinates[0]", -180, 180);
            latitude = coordinate(f, coordinates, 1, "geometry.coordinates[1]", -90, 90);
            depth = coordinates.size() > 2 && !coordinates.get(2).isNull()
                    ? coordinate(f, coordinates, 2, "geometry.coordinates[2]", -100, 1000) : null;
        }
        ObjectNode extras = JsonNodeFactory.instance.objectNode();
        if (p.node().isObject()) {
            p.node().properties().forEach(e -> {
                if (!COLUMNS.contains(e.getKey()) && !e.getValue().isNull()) {
                    extras.set(e.getKey(), e.getValue());
                }
            });
        }
        // unknown properties are kept as they came, within the limits of what jsonb takes
        String kept = f.json("properties", extras);
        return new Earthquake(id, p.time("time", true), p.revision("updated", false), latitude, longitude,
                p.number("mag", false, -2, 10), p.text("magType", false), depth, p.text("place", false),
                p.text("status", false), p.bool("tsunami", false), p.integer("sig", false, 0, 100_000),
                p.text("net", false), p.text("code", false), EarthquakeIngest.alert(p, "alert"),
                p.integer("felt", false, 0, Integer.MAX_VALUE), p.number("cdi", false, 0, 12),
                p.number("mmi", false, 0, 12), p.text("url", false), kept);
    }

    private static Double coordinate(Fields f, JsonNode coordinates, int i, String name, double min, double max) {
        JsonNode value = coordinates.get(i);
        if (value == null || !value.isNumber() || !Double.isFinite(Fields.toDouble(value))) {
            f.error(name, "must be a finite number");
            return null;
        }
        double number = Fields.toDouble(value);
        if (number < min || number > max) {
            f.error(name, "must be between " + (long) min + " and " + (long) max + ", was " + number);
            return null;
        }
        return number;
    }
}
