package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.routing.ReadRouter;
import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.web.JsonStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Spatial reads against an independent SQL computation, and keyset paging, on the real replica. */
@IntegrationTest
@CleanEventTables
class EarthquakeQueryIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    /** Posts quakes and answers the consistency token of the write. */
    String ingest(List<String> lines) {
        return web.mutate().responseTimeout(Duration.ofSeconds(60)).build().post().uri("/api/v1/earthquakes")
                .contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    static String quake(String id, double lat, double lon, double mag, String time) {
        return String.format(Locale.ROOT, "{\"sourceId\":\"%s\",\"time\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"magnitude\":%s,\"depthKm\":10}",
                id, time, lat, lon, mag);
    }

    JsonNode get(String uri, String token) {
        return json.readTree(web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 << 20)).build().get().uri(uri).header("Consistency-Token", token).exchange()
                .expectStatus().isOk().expectHeader().exists(ReadRouter.SERVED_BY)
                .expectBody(String.class).returnResult().getResponseBody());
    }

    /** Uniform over the sphere, plus crowds at both poles and along the antimeridian. */
    List<String> world(int n, Random random) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lat;
            double lon;
            switch (i % 4) {
                case 0 -> { lat = 85 + random.nextDouble() * 5; lon = -180 + random.nextDouble() * 360; }
                case 1 -> { lat = -90 + random.nextDouble() * 5; lon = -180 + random.nextDouble() * 360; }
                case 2 -> { lat = -60 + random.nextDouble() * 120; lon = (random.nextBoolean() ? 178 : -180) + random.nextDouble() * 2; }
                default -> { lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)); lon = -180 + random.nextDouble() * 360; }
            }
            // a few shared times and magnitudes, so orders have ties that only the id breaks
            lines.add(quake("w" + i, lat, lon, 1 + random.nextInt(8), Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(500)).toString()));
        }
        return lines;
    }

    @Test
    void aPageThatFitsOneChunkGoesOutWholeWithItsLengthAndALongerOneStreamsChunked() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(quake("c" + i, 10 + i * 1e-4, 20, 4, "2024-01-01T00:00:00Z"));
        }
        String token = ingest(lines);
        WebTestClient client = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 << 20)).build();
        var small = client.get().uri("/api/v1/earthquakes/nearby?lat=10&lon=20&radiusKm=50&limit=10").header("Consistency-Token", token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        assertThat(small.getResponseHeaders().getContentLength()).isEqualTo(small.getResponseBodyContent().length);
        assertThat(small.getResponseHeaders().getFirst("Transfer-Encoding")).isNull();
        assertThat(json.readTree(small.getResponseBody()).get("features").size()).isEqualTo(10);

        // 600 features are well over one 64 KB chunk
        var large = client.get().uri("/api/v1/earthquakes/nearby?lat=10&lon=20&radiusKm=50&limit=1000").header("Consistency-Token", token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        assertThat(large.getResponseBodyContent().length).isGreaterThan(JsonStream.CHUNK);
        assertThat(large.getResponseHeaders().getFirst("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(json.readTree(large.getResponseBody()).get("features").size()).isEqualTo(600);
    }

    @Test
    void radiusResultsMatchAnIndependentComputationNearThePolesAndAcrossTheAntimeridian() {
        Random random = new Random(7);
        String token = ingest(world(4000, random));
        double[][] points = {{89.9, 0}, {-89.95, 123}, {10, 179.9}, {-20, -179.95}, {0, 180}, {45, -180}, {90, 0}, {-90, 0}};
        List<double[]> queries = new ArrayList<>(List.of(points));
        for (int i = 0; i < 12; i++) {
            queries.add(new double[] {-90 + random.nextDouble() * 180, -180 + random.nextDouble() * 360});
        }
        for (double[] point : queries) {
            double radius = 50 + random.nextDouble() * 2500;
            JsonNode page = get(String.format(Locale.ROOT, "/api/v1/earthquakes/nearby?lat=%s&lon=%s&radiusKm=%s&limit=20000",
                    point[0], point[1], radius), token);
            // brute force on the primary, no index: every row's spheroid distance
            Map<String, Double> expected = new HashMap<>();
            Rows.query(String.format(Locale.ROOT, """
                    SELECT source_id, ST_Distance(location, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) AS m
                      FROM celestial.earthquakes
                     WHERE ST_Distance(location, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) <= %s
                    """, point[1], point[0], point[1], point[0], radius * 1000))
                    .forEach(row -> expected.put((String) row.get("source_id"), ((Number) row.get("m")).doubleValue()));
            Set<String> served = new HashSet<>();
            page.path("features").forEach(feature -> {
                String id = feature.path("id").asString();
                served.add(id);
                double km = feature.path("properties").path("distanceKm").doubleValue();
                assertThat(km).isLessThanOrEqualTo(radius);
                // to the metre, rounded down
                assertThat(km * 1000).isCloseTo(Math.rint(km * 1000), within(1e-6));
                if (expected.containsKey(id)) {
                    assertThat(expected.get(id) - km * 1000).as(id).isBetween(-1e-6, 1.0);
                }
            });
            assertThat(served).as("radius %s km around %s,%s", radius, point[0], point[1]).isEqualTo(expected.keySet());
            assertThat(page.path("features").size()).isEqualTo(expected.size());
        }
    }

    @Test
    void keysetPagesReturnEveryRowExactlyOnceInEveryOrder() {
        String token = ingest(world(600, new Random(11)));
        Set<String> expected = new HashSet<>();
        Rows.query("""
                SELECT source_id FROM celestial.earthquakes
                 WHERE ST_Distance(location, ST_SetSRID(ST_MakePoint(20, 10), 4326)::geography) <= 15000000
                """).forEach(row -> expected.add((String) row.get("source_id")));
        assertThat(expected.size()).isGreaterThan(300);
        for (String order : List.of("time", "time-asc", "magnitude", "distance")) {
            List<String> ids = new ArrayList<>();
            String next = "/api/v1/earthquakes/nearby?lat=10&lon=20&radiusKm=15000&limit=37&orderBy=" + order;
            int pages = 0;
            while (next != null) {
                JsonNode page = get(next, token);
                page.path("features").forEach(feature -> ids.add(feature.path("id").asString()));
                JsonNode link = page.path("links").path(0).path("href");
                next = link.isMissingNode() ? null : link.asString();
                pages++;
            }
            assertThat(ids).as(order).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(pages).isEqualTo((expected.size() + 36) / 37);
        }
        // plain records page the same way, through "next"
        List<String> ids = new ArrayList<>();
        String next = "/api/v1/earthquakes?minLat=-90&maxLat=90&minLon=170&maxLon=-170&limit=50";
        while (next != null) {
            JsonNode page = json.readTree(web.get().uri(next).accept(MediaType.APPLICATION_JSON).header("Consistency-Token", token)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            page.path("items").forEach(item -> ids.add(item.path("sourceId").asString()));
            next = page.path("next").isNull() ? null : page.path("next").asString();
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(Math.toIntExact((Long) Rows.query("""
                SELECT count(*) AS n FROM celestial.earthquakes
                 WHERE ST_X(location::geometry) >= 170 OR ST_X(location::geometry) <= -170""").get(0).get("n")));
    }

    @Test
    void filtersAndOneEventById() {
        String token = ingest(List.of(quake("a", 35, 139, 6.5, "2024-03-01T00:00:00Z"), quake("b", 35.1, 139.1, 3.0, "2024-03-02T00:00:00Z"),
                quake("c", 35.2, 139.2, 5.0, "2023-03-02T00:00:00Z")));
        JsonNode page = get("/api/v1/earthquakes/nearby?lat=35&lon=139&radiusKm=100&from=2024-01-01&minMagnitude=4", token);
        assertThat(page.path("features").size()).isEqualTo(1);
        JsonNode feature = page.path("features").path(0);
        assertThat(feature.path("id").asString()).isEqualTo("a");
        assertThat(feature.path("geometry").path("coordinates").toString()).isEqualTo("[139.0,35.0,10.0]");
        assertThat(feature.path("properties").path("distanceKm").doubleValue()).isZero();
        assertThat(get("/api/v1/earthquakes/b", token).path("properties").path("magnitude").doubleValue()).isEqualTo(3.0);
        web.get().uri("/api/v1/earthquakes/nope").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aRangeWhoseLowerBoundIsPastItsUpperOneIsRefusedNamingBoth() {
        for (String endpoint : List.of("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1", "/api/v1/earthquakes?minLat=0&maxLat=1&minLon=0&maxLon=1")) {
            for (String[] bad : new String[][] {
                    {"from=2024-02-01&to=2024-01-01", "from,to"},
                    {"from=2024-01-01T00:00:01Z&to=2024-01-01T00:00:00Z", "from,to"},
                    {"minMagnitude=5&maxMagnitude=4.9", "minMagnitude,maxMagnitude"},
                    {"minDepthKm=-1&maxDepthKm=-2", "minDepthKm,maxDepthKm"}}) {
                web.get().uri(endpoint + "&" + bad[0]).exchange().expectStatus().isBadRequest()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.parameter").isEqualTo(bad[1]);
            }
            // bounds in order, equal ones included, still answer
            web.get().uri(endpoint + "&from=2024-01-01&to=2024-01-01&minMagnitude=4&maxMagnitude=4&minDepthKm=-2&maxDepthKm=-1")
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        for (String[] bad : new String[][] {
                {"/api/v1/earthquakes/nearby?lat=0&lon=0", "radiusKm"},
                {"/api/v1/earthquakes/nearby?lat=91&lon=0&radiusKm=1", "lat"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=20002", "radiusKm"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&limit=20001", "limit"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&orderBy=size", "orderBy"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&cursor=bm9wZQ", "cursor"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&from=monday", "from"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&radius=5", "radius"},
                {"/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=1&consistencyToken=yesterday", "consistencyToken"},
                {"/api/v1/earthquakes?minLat=10&maxLat=0&minLon=0&maxLon=1", "minLat,maxLat"}}) {
            web.get().uri(bad[0]).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.parameter").isEqualTo(bad[1]);
        }
    }
}
