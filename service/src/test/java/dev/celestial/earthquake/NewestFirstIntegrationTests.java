package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.earthquake.EarthquakeQueries.Filters;
import dev.celestial.earthquake.EarthquakeQueries.Order;
import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Radius reads newest first run window by window (EarthquakeQueries#newestFirst): the pages are exactly those of one
 * ordered query across the windows' edges, and a centre whose newest window fills a page reads nothing older.
 */
@IntegrationTest
@CleanEventTables
class NewestFirstIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    record Quake(String id, Instant time) {
    }

    @Test
    void pagesComeNewestFirstAcrossTheWindowsEdges() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Quake> quakes = new ArrayList<>();
        // either side of each window's edge (14 days, 90 days, 1 year), ties on time, and years back
        long[] hoursAgo = {-2, 1, 14 * 24 - 1, 14 * 24 - 1, 14 * 24 + 1, 90 * 24 - 1, 90 * 24 + 1, 365 * 24 - 1,
            366 * 24 + 1, 3 * 365 * 24, 7 * 365 * 24};
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < hoursAgo.length; i++) {
            Quake quake = new Quake("w" + (char) ('a' + i), now.minus(Duration.ofHours(hoursAgo[i])));
            quakes.add(quake);
            body.append("{\"sourceId\":\"").append(quake.id()).append("\",\"time\":\"").append(quake.time())
                    .append("\",\"latitude\":35.0,\"longitude\":139.").append(i).append(",\"magnitude\":4}\n");
        }
        // outside the radius: never returned
        body.append("{\"sourceId\":\"far\",\"time\":\"").append(now).append("\",\"latitude\":-35,\"longitude\":139,\"magnitude\":4}\n");
        String token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(body.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
        List<String> expected = quakes.stream()
                .sorted(Comparator.comparing(Quake::time).thenComparing(Quake::id).reversed()).map(Quake::id).toList();

        for (int limit : new int[] {1, 2, 3, 100}) {
            assertThat(pages("/api/v1/earthquakes/nearby?lat=35&lon=139.5&radiusKm=200&limit=" + limit, token))
                    .as("limit %d", limit).containsExactlyElementsOf(expected);
        }
        assertThat(pages("/api/v1/earthquakes/nearby?lat=35&lon=139.5&radiusKm=200&limit=2&includeArchive=true", token))
                .containsExactlyElementsOf(expected);
        // a filter with a window's edge inside it
        Instant from = now.minus(Duration.ofDays(100));
        assertThat(pages("/api/v1/earthquakes/nearby?lat=35&lon=139.5&radiusKm=200&limit=2&from=" + from, token))
                .containsExactlyElementsOf(quakes.stream().filter(q -> !q.time().isBefore(from))
                        .sorted(Comparator.comparing(Quake::time).thenComparing(Quake::id).reversed()).map(Quake::id).toList());
    }

    /** The ids of every page, following the next links. */
    List<String> pages(String uri, String token) {
        List<String> ids = new ArrayList<>();
        String next = uri;
        while (next != null) {
            JsonNode page = json.readTree(web.get().uri(next).header("Consistency-Token", token).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            page.path("features").forEach(feature -> ids.add(feature.path("id").asString()));
            next = null;
            for (JsonNode link : page.path("links")) {
                if (link.path("rel").asString().equals("next")) {
                    next = link.path("href").asString();
                }
            }
            assertThat(ids.size()).as("pages of %s", uri).isLessThan(100);
        }
        return ids;
    }

    /** The windows' order is the plain Append's: reads on the replica never get a Parallel Append, which interleaves. */
    @Test
    void readsOnTheReplicaNeverRunTheWindowsSideBySide() throws Exception {
        try (Connection reader = TestDatabase.get().connect(TestDatabase.Node.REPLICA, TestDatabase.Role.READER);
             Statement statement = reader.createStatement();
             ResultSet setting = statement.executeQuery("SHOW enable_parallel_append")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("off");
        }
    }

    @Test
    void aCentreWhoseNewestWindowFillsThePageReadsNothingOlder() {
        TestDatabase.get().execute(TestDatabase.Role.OWNER, """
                INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)
                SELECT 'd' || i, now() - i * interval '1 hour', 3, ST_MakePoint(-122.8 + (i % 50) / 100.0, 38.8)::geography
                  FROM generate_series(1, 3000) i""", """
                INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)
                SELECT 'b' || i, now() - i * interval '1 hour', 3, ST_MakePoint((i * 37 % 3600) / 10.0 - 180, (i * 53 % 1700) / 10.0 - 85)::geography
                  FROM generate_series(1, 20000) i""", "ANALYZE celestial.earthquakes");
        EarthquakeQueries.Query query = EarthquakeQueries.nearbyQuery(false, 38.8, -122.8, 100, new Filters(null, null, null, null, null, null),
                Order.TIME, null, 100);
        String plan = query.where.apply(writer, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query.sql)
                .map(row -> row.get(0, String.class)).all().collectList().map(lines -> String.join("\n", lines)).block();

        // about 336 rows in the newest window (14 days of hourly events) fill the page: the three older branches never run
        assertThat(plan).as(plan).containsPattern("on earthquakes \\(actual rows=3\\d\\d loops=1\\)");
        assertThat(Pattern.compile("on earthquakes earthquakes_\\d \\(never executed\\)").matcher(plan).results().count()).as(plan).isEqualTo(3);
    }
}
