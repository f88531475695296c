package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.earthquake.Earthquake;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** The GeoJSON writer's document: its pieces join to exactly the JSON of the collection, one feature per event. */
class FdsnGeoJsonTests {

    final JsonMapper json = JsonMapper.builder().build();

    static FdsnQuery.Event event(String id, String place, Double depthKm, String extras) {
        return new FdsnQuery.Event(new Earthquake(id, Instant.parse("2024-01-02T03:04:05.678Z"), null, 35.5, -117.25, 4.2, "ml",
                depthKm, place, "reviewed", false, 250, "ci", id.substring(2), null, null, null, null, "https://example.org/" + id, null),
                extras);
    }

    @Test
    void writesTheCollectionHeadEachFeatureWithItsSeparatorAndTheEnd() {
        List<FdsnQuery.Event> events = List.of(
                event("ci1", "5 km N of \"Ridge\" \u2028 \u00e9", 7.5, "{\"tz\":-480,\"nst\":12,\"type\":\"quarry blast\",\"ids\":\",ci1,\"}"),
                event("ci2", null, null, null));
        List<String> pieces = new FdsnGeoJson(json).write(Flux.fromIterable(events), 2, "http://x/fdsnws?format=geojson").collectList().block();

        assertThat(pieces).hasSize(4);
        assertThat(pieces.get(2)).startsWith(",{\"type\":\"Feature\"");
        assertThat(pieces.get(3)).isEqualTo("]}");
        String document = String.join("", pieces);
        var parsed = json.readTree(document);
        assertThat(parsed.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(parsed.path("metadata").path("count").asInt()).isEqualTo(2);
        assertThat(parsed.path("features").size()).isEqualTo(2);
        // the same text the features have written by themselves
        String head = pieces.get(0);
        assertThat(head).startsWith("{\"type\":\"FeatureCollection\",\"metadata\":{\"generated\":").endsWith(",\"features\":[");
        assertThat(head.substring("{\"type\":\"FeatureCollection\",\"metadata\":".length(), head.length() - ",\"features\":[".length()))
                .isEqualTo(json.writeValueAsString(parsed.path("metadata")));
        assertThat(pieces.get(1)).isEqualTo(json.writeValueAsString(parsed.path("features").get(0)));
        assertThat(pieces.get(2)).isEqualTo("," + json.writeValueAsString(parsed.path("features").get(1)));
        assertThat(parsed.path("features").get(0).path("properties").path("type").asString()).isEqualTo("quarry blast");
        assertThat(parsed.path("features").get(1).path("geometry").path("coordinates").get(2).isNull()).isTrue();
    }
}
