package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.routing.ReadRouter;
import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read endpoints of the other kinds, on data ingested from the real fixtures. */
@IntegrationTest
@CleanEventTables
class KindQueriesIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    String post(String uri, MediaType type, byte[] body) {
        return web.post().uri(uri).contentType(type).bodyValue(body).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    JsonNode get(String uri, String token) {
        return json.readTree(web.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 << 20)).build().get().uri(uri)
                .header("Consistency-Token", token).exchange().expectStatus().isOk()
                .expectHeader().exists(ReadRouter.SERVED_BY).expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void solarEventsCompareFlareClassesByIntensity() {
        String token = post("/api/v1/solar-events?format=donki-flr", MediaType.APPLICATION_JSON, Fixtures.bytes("donki/FLR_2024-05.json"));
        JsonNode x = get("/api/v1/solar-events?minClass=X1.0&limit=1000", token);
        JsonNode m9 = get("/api/v1/solar-events?minClass=M9.9&limit=1000", token);
        long xCount = (Long) Rows.query("SELECT count(*) AS n FROM celestial.solar_events WHERE class_type LIKE 'X%'").get(0).get("n");
        assertThat(x.path("items").size()).isEqualTo(xCount).isGreaterThan(0);
        x.path("items").forEach(item -> assertThat(item.path("classType").asString()).startsWith("X"));
        // every X flare outranks M9.9, so the M9.9 query holds all of them and more
        assertThat(m9.path("items").size()).isGreaterThanOrEqualTo(x.path("items").size());
        List<String> begins = new ArrayList<>();
        get("/api/v1/solar-events?kind=flare&from=2024-05-10&to=2024-05-12&limit=1000", token).path("items")
                .forEach(item -> begins.add(item.path("beginTime").asString()));
        assertThat(begins).isNotEmpty().isSortedAccordingTo((a, b) -> Instant.parse(b.replace("+00:00", "Z"))
                .compareTo(Instant.parse(a.replace("+00:00", "Z"))));
        web.get().uri("/api/v1/solar-events?minClass=X" + "9".repeat(400)).exchange().expectStatus().isBadRequest();
        web.get().uri("/api/v1/solar-events?minClass=Q5").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("minClass");
    }

    @Test
    void ephemerisComesBackInTimeOrderAndOrbitsByDesignation() {
        String token = post("/api/v1/ephemeris?format=horizons", MediaType.TEXT_PLAIN,
                Fixtures.text("horizons/ceres_vectors_range.txt").getBytes(StandardCharsets.UTF_8));
        JsonNode states = get("/api/v1/ephemeris/1 Ceres (A801 AA)?center=Sun (10)", token);
        assertThat(states.path("items").size()).isEqualTo(4);
        assertThat(states.path("items").path(0).path("julianDate").doubleValue())
                .isLessThan(states.path("items").path(3).path("julianDate").doubleValue());
        token = post("/api/v1/orbital-elements?format=sbdb", MediaType.APPLICATION_JSON, Fixtures.bytes("sbdb/apophis.json"));
        String designation = json.readTree(Fixtures.bytes("sbdb/apophis.json")).path("object").path("des").asString();
        assertThat(get("/api/v1/orbital-elements/" + designation, token).path("designation").asString()).isEqualTo(designation);
        assertThat(get("/api/v1/orbital-elements?interstellar=true", token).path("items").size()).isZero();
        web.get().uri("/api/v1/orbital-elements/nope").exchange().expectStatus().isNotFound();
    }

    @Test
    void fromAfterToIsRefusedNamingBothOnEveryListWithATimeRange() {
        for (String uri : List.of("/api/v1/volcanic-activity/nearby?lat=0&lon=0&radiusKm=10&", "/api/v1/ephemeris/Ceres?",
                "/api/v1/solar-events?")) {
            web.get().uri(uri + "from=2024-01-02&to=2024-01-01T23:59:59Z").exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.parameter").isEqualTo("from,to").jsonPath("$.detail").isEqualTo("from,to: from must not be after to");
            web.get().uri(uri + "from=2024-01-01&to=2024-01-01").exchange().expectStatus().isOk();
        }
    }

    @Test
    void impactRisksSignificantQuakesAndVolcanoesNearby() {
        String token = post("/api/v1/impact-risks", MediaType.APPLICATION_NDJSON, ("""
                {"designation":"risky","impactProbability":0.01,"palermoCumulative":-1.2,"torinoMax":1}
                {"designation":"calm","impactProbability":0.000001,"palermoCumulative":-6.5,"torinoMax":0}
                """).getBytes(StandardCharsets.UTF_8));
        JsonNode risks = get("/api/v1/impact-risks", token);
        assertThat(risks.path("items").size()).isEqualTo(1);
        assertThat(risks.path("items").path(0).path("designation").asString()).isEqualTo("risky");

        String recent = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        token = post("/api/v1/earthquakes", MediaType.APPLICATION_NDJSON, ("""
                {"sourceId":"big","time":"%s","latitude":38.3,"longitude":142.4,"magnitude":7.1}
                {"sourceId":"small","time":"%s","latitude":38.3,"longitude":142.4,"magnitude":3.1}
                """.formatted(recent, recent)).getBytes(StandardCharsets.UTF_8));
        JsonNode significant = get("/api/v1/earthquakes/significant", token);
        assertThat(significant.path("items").size()).isEqualTo(1);
        assertThat(significant.path("items").path(0).path("sourceId").asString()).isEqualTo("big");

        token = post("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, ("""
                {"volcanoNumber":"283030","volcanoName":"Fuji","latitude":35.361,"longitude":138.728,"eruptionStart":"1707-12-16T00:00:00Z"}
                {"volcanoNumber":"357040","volcanoName":"Villarrica","latitude":-39.42,"longitude":-71.93,"eruptionStart":"2024-01-01T00:00:00Z"}
                """).getBytes(StandardCharsets.UTF_8));
        JsonNode near = get("/api/v1/volcanic-activity/nearby?lat=35.68&lon=139.69&radiusKm=150", token);
        assertThat(near.path("items").size()).isEqualTo(1);
        assertThat(near.path("items").path(0).path("volcanoName").asString()).isEqualTo("Fuji");
        double km = near.path("items").path(0).path("distanceKm").doubleValue();
        assertThat(km).isBetween(90.0, 110.0);
        assertThat(km * 1000).as("to the metre").isCloseTo(Math.rint(km * 1000), within(1e-6));
    }
}
