package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The FDSN event service answers for the USGS fixture as USGS would. */
@IntegrationTest
@CleanEventTables
class FdsnIntegrationTests {

    static final String USGS = "usgs/significant_month_2020-06.geojson";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    String ingestFixture() {
        return web.post().uri("/api/v1/earthquakes?format=usgs-geojson").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.bytes(USGS)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    String get(String uri, String token, int status) {
        return web.get().uri(uri).header("Consistency-Token", token).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void geoJsonGivesBackTheIngestedUsgsEventsWithTheirIdsTimesMagnitudesDepthsAndCoordinates() {
        String token = ingestFixture();
        JsonNode original = json.readTree(Fixtures.bytes(USGS));
        Map<String, JsonNode> byId = new HashMap<>();
        original.path("features").forEach(f -> byId.put(f.path("id").asString(), f));
        JsonNode answer = json.readTree(get("/fdsnws/event/1/query?format=geojson&orderby=time-asc", token, 200));
        assertThat(answer.path("metadata").path("count").intValue()).isEqualTo(byId.size());
        assertThat(answer.path("features").size()).isEqualTo(byId.size());
        long previous = Long.MIN_VALUE;
        for (JsonNode feature : answer.path("features")) {
            JsonNode expected = byId.get(feature.path("id").asString());
            assertThat(expected).as(feature.path("id").asString()).isNotNull();
            for (String property : List.of("mag", "time", "updated", "magType", "place", "net", "code", "sig", "tsunami",
                    "ids", "sources", "types", "status", "felt", "cdi", "mmi", "alert", "url", "detail", "title", "type", "nst", "dmin", "rms", "gap")) {
                JsonNode served = feature.path("properties").path(property);
                JsonNode source = expected.path("properties").path(property);
                if (served.isNumber() && source.isNumber()) {
                    assertThat(served.doubleValue()).as(property + " of " + feature.path("id")).isEqualTo(source.doubleValue());
                } else {
                    assertThat(served).as(property + " of " + feature.path("id")).isEqualTo(source);
                }
            }
            assertThat(feature.path("geometry").path("type").asString()).isEqualTo("Point");
            for (int i = 0; i < 3; i++) {
                assertThat(feature.path("geometry").path("coordinates").path(i).doubleValue())
                        .isEqualTo(expected.path("geometry").path("coordinates").path(i).doubleValue());
            }
            assertThat(feature.path("properties").path("time").longValue()).isGreaterThanOrEqualTo(previous);
            previous = feature.path("properties").path("time").longValue();
        }
    }

    @Test
    void textCsvCountAndFilters() {
        String token = ingestFixture();
        String text = get("/fdsnws/event/1/query?format=text&eventid=us6000a5r3", token, 200);
        assertThat(text.split("\n")).containsExactly(FdsnText.HEADER.trim(),
                "us6000a5r3|2020-06-04T08:49:39.782|2.9231|128.2477|106.86|us|us|us|us6000a5r3|mww|6.4|us|134 km NNE of Tobelo, Indonesia|earthquake");
        String csv = get("/fdsnws/event/1/query?format=csv&eventid=us6000a5r3", token, 200);
        assertThat(csv.split("\n")[1]).isEqualTo(
                "2020-06-04T08:49:39.782Z,2.9231,128.2477,106.86,6.4,mww,,20,2.311,0.99,us,us6000a5r3,2020-06-05T18:48:41.040Z,"
                        + "\"134 km NNE of Tobelo, Indonesia\",earthquake,,,,,reviewed,us,us");
        assertThat(get("/fdsnws/event/1/count", token, 200)).isEqualTo("6");
        assertThat(get("/fdsnws/event/1/count?minmagnitude=6", token, 200))
                .isEqualTo(Long.toString(countFixture(f -> f.path("properties").path("mag").doubleValue() >= 6)));
        // 300 km around the Indonesian event, in kilometres and in degrees
        assertThat(get("/fdsnws/event/1/count?latitude=2.9&longitude=128.2&maxradiuskm=300", token, 200)).isEqualTo("1");
        assertThat(get("/fdsnws/event/1/count?lat=2.9&lon=128.2&maxradius=2.7", token, 200)).isEqualTo("1");
        // a box across the antimeridian given with longitudes beyond 180
        assertThat(get("/fdsnws/event/1/count?minlongitude=120&maxlongitude=250", token, 200))
                .isEqualTo(Long.toString(countFixture(f -> {
                    double lon = f.path("geometry").path("coordinates").path(0).doubleValue();
                    return lon >= 120 || lon <= -110;
                })));
        JsonNode limited = json.readTree(get("/fdsnws/event/1/query?orderby=magnitude&limit=2&offset=2", token, 200));
        assertThat(limited.path("features").size()).isEqualTo(2);
        assertThat(get("/fdsnws/event/1/version", token, 200)).isEqualTo(FdsnController.VERSION);
    }

    long countFixture(java.util.function.Predicate<JsonNode> test) {
        List<JsonNode> features = new ArrayList<>();
        json.readTree(Fixtures.bytes(USGS)).path("features").forEach(features::add);
        return features.stream().filter(test).count();
    }

    /** Refused parameters need no database: {@link FdsnControllerTests}. */
    @Test
    void noData() {
        String token = ingestFixture();
        get("/fdsnws/event/1/query?minmagnitude=9.5", token, 204);
        assertThat(get("/fdsnws/event/1/query?minmagnitude=9.5&nodata=404", token, 404)).startsWith("Error 404");
    }

    @Test
    void moreThanTwentyThousandMatchesWithoutALimitIsRefused() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= 20_000; i++) {
            lines.append("{\"sourceId\":\"m").append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,\"magnitude\":2}\n");
        }
        String token = web.mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri("/api/v1/earthquakes")
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(lines.toString().getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
        assertThat(get("/fdsnws/event/1/query?format=text", token, 400)).contains("limit:", "20001 events match");
        assertThat(get("/fdsnws/event/1/query?format=text&limit=5", token, 200).split("\n")).hasSize(6);
    }
}
