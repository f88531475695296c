package dev.celestial.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.correlation.EventKind;
import dev.celestial.correlation.Side;
import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The passages and signs of R__prophecies_and_celestial_signs, with their links, and the events a sign matches. */
@IntegrationTest
@CleanEventTables
class CatalogueIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    JsonNode get(String uri, String token, int status) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri);
        if (token != null) {
            request = request.header("Consistency-Token", token);
        }
        return json.readTree(request.exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody());
    }

    long signId(String name) {
        return ((Number) Rows.query("SELECT id FROM celestial.celestial_signs WHERE name = '" + name + "'").get(0).get("id")).longValue();
    }

    @Test
    void everyStoredMatcherIsAValidSideOfItsSignsKind() {
        List<Map<String, Object>> signs = Rows.query("SELECT name, event_kind, matcher::text AS matcher FROM celestial.celestial_signs"
                + " WHERE matcher IS NOT NULL");
        assertThat(signs).hasSizeGreaterThanOrEqualTo(9);
        for (Map<String, Object> sign : signs) {
            Side side = Side.parse(json.readTree((String) sign.get("matcher")), "matcher");
            assertThat(side.kind()).as((String) sign.get("name")).isEqualTo(EventKind.of((String) sign.get("event_kind")));
        }
    }

    @Test
    void propheciesComeWithTheirSignsAndFilterByBookThemeAndText() {
        JsonNode joel = get("/api/v1/prophecies?book=joel", null, 200);
        assertThat(joel.path("items").findValuesAsString("reference")).containsExactly("Joel 2:10", "Joel 2:30", "Joel 2:31", "Joel 3:15");
        JsonNode joel231 = joel.path("items").path(2);
        List<String> signs = new ArrayList<>();
        joel231.path("signs").forEach(sign -> signs.add(sign.path("name").asString()));
        assertThat(signs).containsExactly("Blood moon", "Solar eclipse");
        assertThat(get("/api/v1/prophecies?q=earthquakes", null, 200).path("items").findValuesAsString("reference"))
                .contains("Matthew 24:7", "Luke 21:11").doesNotContain("Joel 2:31");
        assertThat(get("/api/v1/prophecies?theme=DARKENED", null, 200).path("items").findValuesAsString("reference"))
                .contains("Isaiah 13:10", "Joel 3:15");
        // every passage, two at a time
        List<String> all = new ArrayList<>();
        String next = "/api/v1/prophecies?limit=2";
        while (next != null) {
            JsonNode page = get(next.replaceFirst("^https?://[^/]+", ""), null, 200);
            page.path("items").forEach(item -> all.add(item.path("reference").asString()));
            next = page.path("next").isNull() ? null : page.path("next").asString();
        }
        assertThat(all).hasSize((int) Rows.count("prophecies")).doesNotHaveDuplicates();
        assertThat(get("/api/v1/prophecies?bogus=1", null, 400).path("parameter").asString()).isEqualTo("bogus");
    }

    @Test
    void signsComeWithTheirPassagesAndFilterByCategoryKindAndText() {
        JsonNode solar = get("/api/v1/celestial-signs?eventKind=solar_event", null, 200);
        assertThat(solar.path("items").findValuesAsString("name"))
                .containsExactlyInAnyOrder("X-class solar flare", "Coronal mass ejection", "Geomagnetic storm and aurora", "Scorching sun");
        JsonNode flare = get("/api/v1/celestial-signs?q=flare", null, 200).path("items").path(0);
        assertThat(flare.path("name").asString()).isEqualTo("X-class solar flare");
        assertThat(flare.path("matcher").path("minClass").asString()).isEqualTo("X1.0");
        assertThat(flare.path("prophecies").findValuesAsString("reference")).containsExactly("Luke 21:25", "Revelation 16:8");
        assertThat(get("/api/v1/celestial-signs?category=lunar", null, 200).path("items").findValuesAsString("category"))
                .isNotEmpty().allMatch("lunar"::equals);
        assertThat(get("/api/v1/celestial-signs?category=oceanic", null, 400).path("parameter").asString()).isEqualTo("category");
    }

    @Test
    void aSignListsTheObservedEventsItsMatcherSelectsNewestFirst() {
        String token = web.post().uri("/api/v1/solar-events?format=donki-flr").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.bytes("donki/FLR_2024-05.json")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
        long xFlares = ((Number) Rows.query("SELECT count(*) AS n FROM celestial.solar_events WHERE kind = 'flare' AND class_type LIKE 'X%'")
                .get(0).get("n")).longValue();
        long sign = signId("X-class solar flare");
        List<String> times = new ArrayList<>();
        String next = "/api/v1/celestial-signs/" + sign + "/events?limit=5";
        while (next != null) {
            JsonNode page = get(next.replaceFirst("^https?://[^/]+", ""), token, 200);
            page.path("items").forEach(item -> {
                assertThat(item.path("kind").asString()).isEqualTo("solar_event");
                assertThat(item.path("classType").asString()).startsWith("X");
                times.add(item.path("time").asString());
            });
            next = page.path("next").isNull() ? null : page.path("next").asString();
        }
        assertThat(times).hasSize((int) xFlares).isSortedAccordingTo((a, b) -> b.compareTo(a)).doesNotHaveDuplicates();
        assertThat(get("/api/v1/celestial-signs/" + sign + "/events?from=2024-05-03&to=2024-05-04", token, 200)
                .path("items").findValuesAsString("ref")).containsExactly("2024-05-03T02:11:00-FLR-001");
        assertThat(get("/api/v1/celestial-signs/" + signId("Blood moon") + "/events", token, 404).path("detail").asString())
                .contains("no matcher");
        get("/api/v1/celestial-signs/999999/events", token, 404);
    }
}
