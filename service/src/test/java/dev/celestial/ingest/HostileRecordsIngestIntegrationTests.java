package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records built to pin a row with a revision from the future, or to make the database fail on what it
 * stores (NUL in jsonb, dates it cannot hold, numbers it cannot cast), are refused with 422 naming the
 * record and field, and leave the table as it was.
 */
@IntegrationTest
@CleanEventTables
class HostileRecordsIngestIntegrationTests {

    static final String FLARE = "{\"kind\":\"flare\",\"eventId\":\"2024-05-01T00:00:00-FLR-001\",\"beginTime\":\"2024-05-01T00:00Z\"}";
    static final String VOLCANO = "{\"volcanoNumber\":\"211060\",\"volcanoName\":\"Etna\",\"latitude\":37.7,\"longitude\":15,"
            + "\"eruptionStart\":\"2024-01-01T00:00:00Z\"}";
    static final String SHOWER = "{\"iauCode\":\"PER\",\"name\":\"Perseids\",\"peak\":\"2024-08-12T00:00:00Z\"}";
    static final String RISK = "{\"designation\":\"2000 SG344\",\"impactProbability\":0.0027}";
    static final String VECTOR = "{\"designation\":\"Ceres\",\"center\":\"500@10\",\"frame\":\"ICRF\",\"units\":\"AU-D\","
            + "\"julianDate\":2460000.5,\"x\":1,\"y\":1,\"z\":1,\"vx\":0,\"vy\":0,\"vz\":0}";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    IngestProperties properties;

    /** Posts {@code body} and expects 422 naming {@code field} of record {@code index}, with {@code table} unchanged. */
    void refused(String uri, byte[] body, String table, int index, String field) {
        String before = Rows.digest(table);
        web.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].index").isEqualTo(index)
                .jsonPath("$.errors[0].field").value(f -> assertThat((String) f).as(uri + " " + field).isEqualTo(field));
        assertThat(Rows.digest(table)).as(uri + " " + field).isEqualTo(before);
    }

    void refused(String uri, String body, String table, int index, String field) {
        refused(uri, body.getBytes(StandardCharsets.UTF_8), table, index, field);
    }

    WebTestClient.BodyContentSpec accepted(String uri, byte[] body) {
        return web.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody();
    }

    /** The fixture with {@code change} applied to its element {@code index}. */
    byte[] fixtureWith(String fixture, int index, Consumer<ObjectNode> change) {
        ArrayNode array = (ArrayNode) json.readTree(Fixtures.bytes(fixture));
        change.accept((ObjectNode) array.get(index));
        return json.writeValueAsBytes(array);
    }

    static double julianDate(Instant instant) {
        return 2_440_587.5 + instant.getEpochSecond() / 86_400.0;
    }

    static String inTwoDays() {
        return Instant.now().plus(Duration.ofDays(2)).toString();
    }

    /** NDJSON posted as {@code application/json}: before, the first line went in, the rest was dropped and the answer was 200. */
    @Test
    void aSecondJsonValueInAJsonBodyIsRefusedAndNothingIsWritten() {
        String before = Rows.digest("meteor_showers");
        long count = Rows.count("meteor_showers");
        String lines = SHOWER + "\n" + SHOWER.replace("PER", "GEM") + "\n";
        web.post().uri("/api/v1/meteor-showers").contentType(MediaType.APPLICATION_JSON).bodyValue(lines.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("malformed JSON at record 1: a second JSON value follows the first"));
        assertThat(Rows.digest("meteor_showers")).isEqualTo(before);
        web.post().uri("/api/v1/meteor-showers").contentType(MediaType.APPLICATION_NDJSON).bodyValue(lines.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
        assertThat(Rows.count("meteor_showers")).isEqualTo(count + 2);
    }

    @Test
    void revisionTimesFromTheFutureAreRefusedForEveryKind() {
        assertThat(properties.maxFutureSkew()).isEqualTo(Duration.ofDays(1));
        String flr = "donki/FLR_2024-05.json";
        accepted("/api/v1/solar-events?format=donki-flr", Fixtures.bytes(flr));
        refused("/api/v1/solar-events?format=donki-flr", fixtureWith(flr, 3, f -> f.put("submissionTime", "2999-01-01T00:00Z")),
                "solar_events", 3, "submissionTime");
        refused("/api/v1/solar-events", "[" + FLARE + "," + FLARE.replace("}", ",\"submissionTime\":\"" + inTwoDays() + "\"}") + "]",
                "solar_events", 1, "submissionTime");
        refused("/api/v1/volcanic-activity", "[" + VOLCANO.replace("}", ",\"updated\":\"" + inTwoDays() + "\"}") + "]",
                "volcanic_activity", 0, "updated");
        refused("/api/v1/meteor-showers", "[" + SHOWER.replace("}", ",\"updated\":\"2999-01-01T00:00:00Z\"}") + "]",
                "meteor_showers", 0, "updated");
        refused("/api/v1/impact-risks", "[" + RISK.replace("}", ",\"lastObservedJd\":" + julianDate(Instant.now().plus(Duration.ofDays(2))) + "}") + "]",
                "impact_risks", 0, "lastObservedJd");
        refused("/api/v1/impact-risks", "[" + RISK.replace("}", ",\"lastObserved\":\"2999-01-01\"}") + "]",
                "impact_risks", 0, "lastObserved");
        refused("/api/v1/impact-risks?format=sentry", "{\"data\":[" + "{\"des\":\"99942\",\"ip\":\"0.1\",\"last_obs_jd\":\"2900000.5\"}]}",
                "impact_risks", 0, "lastObservedJd");
    }

    @Test
    void orbitalEpochsMayLieUpToAYearAhead() {
        ObjectNode ceres = (ObjectNode) json.readTree(Fixtures.bytes("sbdb/ceres.json"));
        ((ObjectNode) ceres.path("orbit")).put("epoch", Double.toString(julianDate(Instant.now().plus(Duration.ofDays(2 * 366)))));
        refused("/api/v1/orbital-elements?format=sbdb", json.writeValueAsBytes(ceres), "orbital_elements", 0, "epochJd");
        ((ObjectNode) ceres.path("orbit")).put("epoch", Double.toString(julianDate(Instant.now().plus(Duration.ofDays(200)))));
        accepted("/api/v1/orbital-elements?format=sbdb", json.writeValueAsBytes(ceres)).json("{\"inserted\":1}");
    }

    @Test
    void julianDatesOutsideTheYearsATimeColumnTakesAreRefusedAndLaterOnesKeepTheirEpoch() {
        refused("/api/v1/ephemeris", "[" + VECTOR.replace("2460000.5", "1500000.5") + "]", "ephemeris_vectors", 0, "julianDate");
        refused("/api/v1/impact-risks", "[" + RISK.replace("}", ",\"lastObserved\":\"0000-01-01\"}") + "]",
                "impact_risks", 0, "lastObserved");
        // 2300-01-01T00:00 TDB: past 2262, where nanoseconds since 1970 no longer fit a long
        accepted("/api/v1/ephemeris", ("[" + VECTOR.replace("2460000.5", "2561117.5") + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(Rows.query("SELECT epoch_tdb::text AS epoch FROM celestial.ephemeris_vectors").get(0))
                .containsEntry("epoch", "2300-01-01 00:00:00+00");
    }

    @Test
    void nulsInDonkiTextAndLinksAreRefusedWithTheirPath() {
        String cme = "donki/CME_2023-10.json";
        accepted("/api/v1/solar-events?format=donki-cme", Fixtures.bytes(cme));
        String uri = "/api/v1/solar-events?format=donki-cme";
        refused(uri, fixtureWith(cme, 0, f -> f.put("note", "faint\u0000")), "solar_events", 0, "note");
        refused(uri, fixtureWith(cme, 0, f -> ((ObjectNode) f.path("instruments").get(1)).put("displayName", "\u0000")),
                "solar_events", 0, "instruments[1].displayName");
        refused(uri, fixtureWith(cme, 0, f -> ((ObjectNode) f.path("cmeAnalyses").get(0)).put("note", "\u0000")),
                "solar_events", 0, "cmeAnalyses[0].note");
        refused(uri, fixtureWith(cme, 0, f -> f.putArray("linkedEvents").addObject().put("activityID", "x\u0000")),
                "solar_events", 0, "linkedEvents[0].activityID");
        refused(uri, fixtureWith(cme, 0, f -> f.put("catalog", "x".repeat(20_000))), "solar_events", 0, "catalog");
        refused("/api/v1/solar-events", "[" + FLARE.replace("}", ",\"linkedEventIds\":[\"a\",\"b\\u0000\"]}") + "]",
                "solar_events", 0, "linkedEventIds[1]");
    }

    @Test
    void linkListsAndFlareClassesBeyondWhatIsStoredAreRefused() {
        String flr = "donki/FLR_2024-05.json";
        refused("/api/v1/solar-events?format=donki-flr", fixtureWith(flr, 0, f -> {
            ArrayNode links = f.putArray("linkedEvents");
            for (int i = 0; i < 101; i++) {
                links.addObject().put("activityID", "2024-05-01T00:00:00-CME-" + i);
            }
        }), "solar_events", 0, "linkedEvents");
        refused("/api/v1/solar-events?format=donki-flr", fixtureWith(flr, 2, f -> f.put("classType", "X" + "9".repeat(400))),
                "solar_events", 2, "classType");
        refused("/api/v1/solar-events", "[" + FLARE.replace("}", ",\"classType\":\"M0." + "0".repeat(400) + "1\"}") + "]",
                "solar_events", 0, "classType");
    }
}
