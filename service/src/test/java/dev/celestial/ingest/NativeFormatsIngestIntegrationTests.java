package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every real upstream sample ingests with its native format and reads back field by field. */
@IntegrationTest
@CleanEventTables
class NativeFormatsIngestIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    WebTestClient.BodyContentSpec post(String path, MediaType type, byte[] body, String expected) {
        return web.post().uri(path).contentType(type).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody().json(expected);
    }

    static double flux(String classType) {
        double scale = switch (classType.charAt(0)) {
            case 'A' -> 1e-8;
            case 'B' -> 1e-7;
            case 'C' -> 1e-6;
            case 'M' -> 1e-5;
            default -> 1e-4;
        };
        return scale * Double.parseDouble(classType.substring(1));
    }

    static long epochSecond(JsonNode time) {
        return OffsetDateTime.parse(time.asString()).toEpochSecond();
    }

    @Test
    void donkiFlaresKeepClassTimesRegionAndLinks() {
        byte[] body = Fixtures.bytes("donki/FLR_2024-05.json");
        post("/api/v1/solar-events?format=donki-flr", MediaType.APPLICATION_JSON, body,
                "{\"received\":179,\"inserted\":179,\"updated\":0,\"unchanged\":0}");
        post("/api/v1/solar-events?format=donki-flr", MediaType.APPLICATION_JSON, body,
                "{\"received\":179,\"inserted\":0,\"updated\":0,\"unchanged\":179}");
        Map<String, Map<String, Object>> rows = byKey("event_id", Rows.query("""
                SELECT event_id, kind, extract(epoch FROM begin_at)::bigint AS begin_s,
                       extract(epoch FROM peak_at)::bigint AS peak_s, extract(epoch FROM end_at)::bigint AS end_s,
                       class_type, class_letter, class_intensity, source_location, active_region,
                       array_to_string(linked_event_ids, ',') AS linked, source_version,
                       extract(epoch FROM source_updated_at)::bigint AS submitted_s
                  FROM celestial.solar_events"""));
        for (JsonNode flare : json.readTree(body).values()) {
            Map<String, Object> row = rows.get(flare.path("flrID").asString());
            assertThat(row.get("kind")).isEqualTo("flare");
            assertThat(row.get("begin_s")).isEqualTo(epochSecond(flare.path("beginTime")));
            assertThat(row.get("peak_s")).isEqualTo(epochSecond(flare.path("peakTime")));
            assertThat(row.get("end_s")).isEqualTo(epochSecond(flare.path("endTime")));
            String classType = flare.path("classType").asString();
            assertThat(row.get("class_type")).isEqualTo(classType);
            assertThat(row.get("class_letter")).isEqualTo(classType.substring(0, 1));
            assertThat((Double) row.get("class_intensity")).isCloseTo(flux(classType), within(1e-12));
            assertThat(row.get("source_location")).isEqualTo(flare.path("sourceLocation").asString(null));
            assertThat(row.get("active_region")).isEqualTo(flare.path("activeRegionNum").isNull() ? null : flare.path("activeRegionNum").intValue());
            assertThat(row.get("source_version")).isEqualTo(flare.path("versionId").intValue());
            assertThat(row.get("submitted_s")).isEqualTo(epochSecond(flare.path("submissionTime")));
            StringBuilder linked = new StringBuilder();
            flare.path("linkedEvents").values().forEach(e -> linked.append(linked.isEmpty() ? "" : ",").append(e.path("activityID").asString()));
            assertThat(row.get("linked")).isEqualTo(linked.toString());
        }
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.solar_events WHERE class_intensity >= 1e-4").get(0).get("n"))
                .isEqualTo(rows.values().stream().filter(r -> ((String) r.get("class_type")).startsWith("X")).count());
    }

    @Test
    void donkiCmesTakeTheMostAccurateAnalysis() {
        byte[] body = Fixtures.bytes("donki/CME_2023-10.json");
        post("/api/v1/solar-events?format=donki-cme", MediaType.APPLICATION_JSON, body,
                "{\"received\":89,\"inserted\":89,\"updated\":0,\"unchanged\":0}");
        Map<String, Map<String, Object>> rows = byKey("event_id", Rows.query("""
                SELECT event_id, kind, extract(epoch FROM begin_at)::bigint AS begin_s, cme_speed_kms, cme_half_angle,
                       cme_latitude, cme_longitude, details -> 'analysis' ->> 'link' AS analysis
                  FROM celestial.solar_events"""));
        for (JsonNode cme : json.readTree(body).values()) {
            Map<String, Object> row = rows.get(cme.path("activityID").asString());
            JsonNode best = null;
            for (JsonNode analysis : cme.path("cmeAnalyses").values()) {
                if (analysis.path("isMostAccurate").asBoolean(false) && (best == null
                        || analysis.path("submissionTime").asString().compareTo(best.path("submissionTime").asString()) > 0)) {
                    best = analysis;
                }
            }
            assertThat(row.get("kind")).isEqualTo("cme");
            assertThat(row.get("begin_s")).isEqualTo(epochSecond(cme.path("startTime")));
            assertThat(row.get("cme_speed_kms")).isEqualTo(best.path("speed").isNull() ? null : best.path("speed").doubleValue());
            assertThat(row.get("cme_half_angle")).isEqualTo(best.path("halfAngle").isNull() ? null : best.path("halfAngle").doubleValue());
            assertThat(row.get("cme_latitude")).isEqualTo(best.path("latitude").isNull() ? null : best.path("latitude").doubleValue());
            assertThat(row.get("cme_longitude")).isEqualTo(best.path("longitude").isNull() ? null : best.path("longitude").doubleValue());
            assertThat(row.get("analysis")).isEqualTo(best.path("link").asString());
        }
    }

    @Test
    void horizonsVectorsKeepEveryStateWithTheHeadersUnitsAndFrame() {
        String table = Fixtures.text("horizons/ceres_vectors_range.txt");
        post("/api/v1/ephemeris?format=horizons", MediaType.TEXT_PLAIN, table.getBytes(StandardCharsets.UTF_8),
                "{\"received\":4,\"inserted\":4,\"updated\":0,\"unchanged\":0}");
        List<Map<String, Object>> rows = Rows.query("""
                SELECT designation, center, reference_frame, units, julian_date_tdb, epoch_tdb::text AS epoch,
                       x, y, z, vx, vy, vz, light_time, range, range_rate
                  FROM celestial.ephemeris_vectors ORDER BY epoch_tdb""");
        String data = table.substring(table.indexOf("$$SOE") + 6, table.indexOf("$$EOE")).strip();
        String[] lines = data.split("\\R");
        assertThat(rows).hasSize(lines.length);
        String[] columns = {"julian_date_tdb", null, "x", "y", "z", "vx", "vy", "vz", "light_time", "range", "range_rate"};
        for (int i = 0; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            Map<String, Object> row = rows.get(i);
            assertThat(row).containsEntry("designation", "1 Ceres (A801 AA)").containsEntry("center", "Sun (10)")
                    .containsEntry("reference_frame", "Ecliptic of J2000.0").containsEntry("units", "AU-D");
            for (int c = 0; c < columns.length; c++) {
                if (columns[c] != null) {
                    assertThat((Double) row.get(columns[c])).as(columns[c]).isEqualTo(Double.parseDouble(cells[c].trim()));
                }
            }
            assertThat(cells[1].trim()).contains(((String) row.get("epoch")).substring(8, 10));
        }
        assertThat(rows.get(0).get("epoch")).isEqualTo("2022-06-10 00:00:00+00");

        // the same states through the JSON API wrapper and in the block layout change nothing
        byte[] wrapped = json.writeValueAsBytes(Map.of("signature", Map.of("version", "1.1"), "result", table));
        post("/api/v1/ephemeris?format=horizons", MediaType.APPLICATION_JSON, wrapped,
                "{\"received\":4,\"inserted\":0,\"updated\":0,\"unchanged\":4}");
        StringBuilder blocks = new StringBuilder(table.substring(0, table.indexOf("$$SOE") + 6));
        for (String line : lines) {
            String[] c = line.split(",");
            blocks.append(c[0].trim()).append(" = ").append(c[1].trim()).append(" TDB\n")
                    .append(" X =").append(c[2]).append(" Y =").append(c[3]).append(" Z =").append(c[4]).append('\n')
                    .append(" VX=").append(c[5]).append(" VY=").append(c[6]).append(" VZ=").append(c[7]).append('\n')
                    .append(" LT=").append(c[8]).append(" RG=").append(c[9]).append(" RR=").append(c[10]).append('\n');
        }
        blocks.append(table.substring(table.indexOf("$$EOE")));
        post("/api/v1/ephemeris?format=horizons", MediaType.TEXT_PLAIN, blocks.toString().getBytes(StandardCharsets.UTF_8),
                "{\"received\":4,\"inserted\":0,\"updated\":0,\"unchanged\":4}");
    }

    @Test
    void sbdbElementsForCeresAndApophis() {
        for (String name : List.of("ceres", "apophis")) {
            byte[] body = Fixtures.bytes("sbdb/" + name + ".json");
            post("/api/v1/orbital-elements?format=sbdb", MediaType.APPLICATION_JSON, body,
                    "{\"received\":1,\"inserted\":1}");
            JsonNode document = json.readTree(body);
            Map<String, Object> row = Rows.query("SELECT * FROM celestial.orbital_elements WHERE designation = '"
                    + document.path("object").path("des").asString() + "'").get(0);
            assertThat(row.get("full_name")).isEqualTo(document.path("object").path("fullname").asString());
            assertThat(row.get("orbit_class")).isEqualTo(document.path("object").path("orbit_class").path("code").asString());
            assertThat(row.get("is_pha")).isEqualTo(document.path("object").path("pha").booleanValue());
            assertThat((Double) row.get("epoch_jd")).isEqualTo(Double.parseDouble(document.path("orbit").path("epoch").asString()));
            for (JsonNode element : document.path("orbit").path("elements").values()) {
                String element_ = element.path("name").asString();
                if (!element_.equals("ad")) {
                    assertThat((Double) row.get(element_)).as(name + " " + element_)
                            .isEqualTo(Double.parseDouble(element.path("value").asString()));
                }
            }
            assertThat(row.get("is_interstellar")).isEqualTo(false);
            post("/api/v1/orbital-elements?format=sbdb", MediaType.APPLICATION_JSON, body,
                    "{\"received\":1,\"inserted\":0,\"updated\":0,\"unchanged\":1}");
        }
    }

    @Test
    void sentrySummaryWithNumbersAsStrings() {
        // no Sentry sample in ../shared/fixtures: two rows as the Sentry API 2.0 summary gives them, numbers as strings
        String summary = Fixtures.text("sentry/summary_two_rows.json");
        post("/api/v1/impact-risks?format=sentry", MediaType.APPLICATION_JSON, summary.getBytes(StandardCharsets.UTF_8),
                "{\"received\":2,\"inserted\":2}");
        Map<String, Map<String, Object>> rows = byKey("designation", Rows.query("SELECT * FROM celestial.impact_risks"));
        assertThat(rows.get("29075")).containsEntry("impact_probability", 0.0002885).containsEntry("palermo_cumulative", -0.93)
                .containsEntry("year_from", 2880).containsEntry("year_to", 2880).containsEntry("impact_count", 1)
                .containsEntry("diameter_km", 1.3).containsEntry("torino_max", null);
        assertThat(rows.get("2000 SG344")).containsEntry("year_from", 2069).containsEntry("year_to", 2122)
                .containsEntry("torino_max", 0).containsEntry("v_inf_kms", 1.36);
        assertThat(Rows.query("SELECT designation FROM celestial.v_high_risk_objects")).extracting(r -> r.get("designation"))
                .containsExactly("29075");
    }

    @Test
    void volcanoesAndMeteorShowersInOwnFormatsFollowTheirRevisions() {
        String eruption = "{\"volcanoNumber\":\"283030\",\"volcanoName\":\"Fujisan\",\"latitude\":35.361,\"longitude\":138.728,"
                + "\"eruptionStart\":\"1707-12-16T00:00:00Z\",\"vei\":5,\"alertLevel\":\"normal\",\"updated\":\"2024-01-01T00:00:00Z\"}\n";
        post("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, eruption.getBytes(StandardCharsets.UTF_8),
                "{\"received\":1,\"inserted\":1}");
        String revised = eruption.replace("\"vei\":5", "\"vei\":4").replace("2024-01-01", "2025-01-01");
        post("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, revised.getBytes(StandardCharsets.UTF_8),
                "{\"received\":1,\"updated\":1}");
        post("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, eruption.getBytes(StandardCharsets.UTF_8),
                "{\"received\":1,\"unchanged\":1}");
        assertThat(Rows.query("SELECT vei, ST_Y(location::geometry) AS lat FROM celestial.volcanic_activity").get(0))
                .containsEntry("vei", 4).containsEntry("lat", 35.361);

        String showers = "[{\"iauCode\":\"PER\",\"name\":\"Perseids\",\"peak\":\"2026-08-12T20:00:00Z\",\"zhr\":100,"
                + "\"radiantRaDeg\":48,\"radiantDecDeg\":58,\"velocityKms\":59,\"activeFrom\":\"2026-07-17T00:00:00Z\","
                + "\"activeTo\":\"2026-08-24T00:00:00Z\",\"parentBody\":\"109P/Swift-Tuttle\"},"
                + "{\"iauCode\":\"GEM\",\"name\":\"Geminids\",\"peak\":\"2026-12-14T07:00:00Z\",\"zhr\":150}]";
        post("/api/v1/meteor-showers", MediaType.APPLICATION_JSON, showers.getBytes(StandardCharsets.UTF_8),
                "{\"received\":2,\"inserted\":2}");
        assertThat(Rows.query("SELECT season_year, parent_body FROM celestial.meteor_showers WHERE iau_code = 'PER'").get(0))
                .containsEntry("season_year", 2026).containsEntry("parent_body", "109P/Swift-Tuttle");
        web.post().uri("/api/v1/meteor-showers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"iauCode\":\"per\",\"name\":\"x\",\"peak\":\"2026-08-12T20:00:00Z\"}]").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("iauCode")
                .jsonPath("$.errors[0].index").isEqualTo(0);
    }

    @Test
    void aNativeDocumentThatIsNotOfItsFormatIsRefused() {
        web.post().uri("/api/v1/ephemeris?format=horizons").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("no states here").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("$$SOE"));
        web.post().uri("/api/v1/orbital-elements?format=sbdb").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"code\":\"200\",\"message\":\"specified object was not found\"}").exchange()
                .expectStatus().isBadRequest();
        web.post().uri("/api/v1/solar-events?format=donki-flr").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"flrID\":\"x\",\"beginTime\":\"2024-05-01T14:17Z\",\"classType\":\"Q9\"}]").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("classType");
        assertThat(Rows.count("ephemeris_vectors") + Rows.count("orbital_elements") + Rows.count("solar_events")).isZero();
    }

    static Map<String, Map<String, Object>> byKey(String key, List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> map = new java.util.HashMap<>();
        rows.forEach(r -> map.put((String) r.get(key), r));
        return map;
    }

}
