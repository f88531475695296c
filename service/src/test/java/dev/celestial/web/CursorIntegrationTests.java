package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Page cursors are signed: the service's own page on; altered, truncated, foreign or forged ones are 400 before any SQL. */
@IntegrationTest
@CleanEventTables
class CursorIntegrationTests {

    static final String NEARBY = "/api/v1/earthquakes/nearby?lat=10&lon=20&radiusKm=100&limit=2&orderBy=";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    String token;

    void ingestThree() {
        token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue("""
                {"sourceId":"k1","time":"2024-01-01T00:00:00Z","latitude":10,"longitude":20,"magnitude":4}
                {"sourceId":"k2","time":"2024-01-02T00:00:00Z","latitude":10.1,"longitude":20,"magnitude":5}
                {"sourceId":"k3","time":"2024-01-03T00:00:00Z","latitude":10.2,"longitude":20,"magnitude":6}
                """.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    JsonNode page(String uri) {
        return json.readTree(web.get().uri(uri).header("Consistency-Token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    /** The cursor of the first page's next link. */
    String firstCursor(String orderBy) {
        String next = page(NEARBY + orderBy).path("links").path(0).path("href").asString();
        return UriComponentsBuilder.fromUriString(next).build().getQueryParams().getFirst("cursor");
    }

    void refused(String orderBy, String cursor) {
        web.get().uri(NEARBY + orderBy + "&cursor={cursor}", cursor).header("Consistency-Token", token).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.parameter").isEqualTo("cursor");
    }

    static String flip(String text, int i) {
        return text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
    }

    @Test
    void theServicesOwnCursorPagesOn() {
        ingestThree();
        JsonNode second = page(NEARBY + "time&cursor=" + firstCursor("time"));
        assertThat(second.path("features").size()).isEqualTo(1);
        assertThat(second.path("features").path(0).path("id").asString()).isEqualTo("k1");
    }

    @Test
    void anAlteredTruncatedForeignOrForgedCursorIsRefused() {
        ingestThree();
        String cursor = firstCursor("time");
        int dot = cursor.indexOf('.');
        List<String> bad = new ArrayList<>(List.of(
                flip(cursor, dot / 2), flip(cursor, dot - 1), flip(cursor, dot + 1), flip(cursor, cursor.length() - 1),
                cursor.substring(0, cursor.length() - 1), cursor.substring(0, dot + 1), cursor.substring(0, dot), cursor + "A"));
        // the unsigned form cursors had before: a value no timestamp, which used to reach the database (500)
        String content = Base64.getUrlEncoder().withoutPadding().encodeToString("time\nnot a time\nk2".getBytes(StandardCharsets.UTF_8));
        bad.add(content);
        // well formed, signed with another key
        bad.add(new CursorSigner(new QueryLimits(1, 1, 1, "some other key of at least thirty-two bytes"))
                .sign("time\n2024-01-02T00:00:00Z\nk2".getBytes(StandardCharsets.UTF_8)));
        for (String cursorText : bad) {
            refused("time", cursorText);
        }
    }

    @Test
    void aCursorOfAnotherOrderIsRefused() {
        ingestThree();
        String byTime = firstCursor("time");
        refused("time-asc", byTime);
        refused("magnitude", byTime);
        refused("distance", byTime);
        refused("time", firstCursor("magnitude"));
    }
}
