package dev.celestial.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The example triggers (R__example_triggers_and_rules) against the shared real fixtures, each on a
 * matching record and on a near miss; alerts commit with their batch or not at all; a re-post raises
 * nothing twice, a revision that newly matches raises its alert.
 */
@IntegrationTest
class AlertTriggersIntegrationTests {

    static final String USGS = "usgs/significant_month_2020-06.geojson";
    static final String GREAT = "Great earthquake (M7+)";
    static final String TOKYO = "Strong earthquake near Tokyo";
    static final String TSUNAMI = "Tsunami-flagged earthquake";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    EventKinds kinds;

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    @BeforeEach
    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
    }

    WebTestClient.ResponseSpec post(String kind, String query, MediaType type, byte[] body) {
        return web.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .post().uri("/api/v1/" + kind + query).contentType(type).bodyValue(body).exchange();
    }

    /** {trigger name → sorted event refs} of every alert. */
    static Map<String, List<String>> alerts() {
        return Rows.query("""
                        SELECT t.name, a.event_ref FROM celestial.alerts a JOIN celestial.data_triggers t ON t.id = a.trigger_id
                         ORDER BY t.name, a.event_ref""").stream()
                .collect(Collectors.groupingBy(row -> (String) row.get("name"), java.util.TreeMap::new,
                        Collectors.mapping(row -> (String) row.get("event_ref"), Collectors.toList())));
    }

    /** The USGS fixture with one feature changed: magnitude, tsunami flag and, when given, place. */
    ObjectNode quake(ObjectNode document, String id, double magnitude, int tsunami, Double lat, Double lon) {
        for (JsonNode feature : document.path("features")) {
            if (feature.path("id").asString().equals(id)) {
                ObjectNode properties = (ObjectNode) feature.path("properties");
                properties.put("mag", magnitude).put("tsunami", tsunami);
                if (lat != null) {
                    ArrayNode coordinates = (ArrayNode) feature.path("geometry").path("coordinates");
                    coordinates.set(0, lon);
                    coordinates.set(1, lat);
                }
            }
        }
        return document;
    }

    /** Each kind's declared SQL (ref, key match, context, every condition field, region) runs on the real schema. */
    @Test
    void everyWatchedKindsDeclarationRunsOnTheSchemaWithEachOfItsFields() {
        assertThat(kinds.labels()).containsExactly("earthquake", "impact_risk", "meteor_shower", "orbital_elements",
                "solar_event", "volcanic_activity");
        for (String label : kinds.labels()) {
            EventKind kind = kinds.of(label);
            ObjectNode conditions = json.createObjectNode();
            kind.fields().forEach((name, field) -> {
                switch (field.type()) {
                    case NUMBER -> conditions.putObject(name).put("gte", 1);
                    case BOOLEAN -> conditions.put(name, true);
                    case TEXT -> conditions.put(name, "x");
                    case FLARE_CLASS -> conditions.put(name, "X1.0");
                }
            });
            if (kind.located()) {
                conditions.putObject("region").put("latitude", 0).put("longitude", 0).put("radiusKm", 10);
            }
            Conditions.Compiled compiled = Conditions.compile(kind, conditions, "p");
            DatabaseClient.GenericExecuteSpec spec = writer.sql("SELECT " + kind.watch().ref() + " AS ref, " + kind.watch().context()
                    + " AS context FROM " + kind.table() + " WHERE " + kind.watch().keyMatch() + " AND " + compiled.sql());
            for (int part = 0; part < kind.watch().keyParts().size(); part++) {
                spec = spec.bind("k" + part, new String[0]);
            }
            for (Map.Entry<String, Object> bind : compiled.binds().entrySet()) {
                spec = spec.bind(bind.getKey(), bind.getValue());
            }
            assertThat(spec.fetch().all().collectList().block(Duration.ofSeconds(10))).as(label + ": " + conditions).isEmpty();
        }
    }

    @Test
    void unchangedUsgsFixtureRaisesOnlyTheTsunamiTriggerOnTheTsunamiFlaggedM65Plus() {
        post("earthquakes", "?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk();
        // us6000a5r3 is tsunami-flagged but M6.4 (near miss); nn00725272 is M6.5 without the flag (near miss)
        assertThat(alerts()).isEqualTo(Map.of(TSUNAMI, List.of("us6000a4yi", "us70009f12")));
    }

    @Test
    void earthquakeTriggersFireOnMatchesAndNotOnNearMisses() {
        ObjectNode document = (ObjectNode) json.readTree(Fixtures.bytes(USGS));
        quake(document, "us6000a5r3", 7.0, 1, null, null);          // M7+ exactly, tsunami flag
        quake(document, "ci39462536", 6.99, 1, null, null);         // just below M7
        quake(document, "nn00725272", 6.5, 0, 35.68, 142.8);        // about 281 km from Tokyo
        quake(document, "ci38488354", 6.5, 0, 35.68, 143.3);        // about 326 km from Tokyo
        post("earthquakes", "?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(document)).expectStatus().isOk();
        assertThat(alerts()).isEqualTo(Map.of(
                GREAT, List.of("us6000a5r3"),
                TOKYO, List.of("nn00725272"),
                TSUNAMI, List.of("ci39462536", "us6000a4yi", "us6000a5r3", "us70009f12")));
        Map<String, Object> context = Rows.query("""
                SELECT a.severity, a.status, a.context->>'magnitude' AS magnitude, a.context->>'place' AS place
                  FROM celestial.alerts a JOIN celestial.data_triggers t ON t.id = a.trigger_id
                 WHERE t.name = 'Great earthquake (M7+)'""").get(0);
        assertThat(context).containsEntry("severity", "critical").containsEntry("status", "open").containsEntry("magnitude", "7")
                .containsEntry("place", "134 km NNE of Tobelo, Indonesia");
    }

    @Test
    void theTokyoRegionIsAGreatCircleRadiusSoItHoldsAcrossTheAntimeridian() {
        String trigger = "{\"name\":\"test dateline\",\"eventKind\":\"earthquake\",\"severity\":\"info\","
                + "\"conditions\":{\"region\":{\"latitude\":-17.0,\"longitude\":179.9,\"radiusKm\":100}}}";
        web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON).bodyValue(trigger).exchange()
                .expectStatus().isCreated();
        try {
            String records = ndjson("fiji-east", -17.0, -179.5, 5.0) + ndjson("fiji-far", -17.0, -178.0, 5.0);
            post("earthquakes", "", MediaType.APPLICATION_NDJSON, records.getBytes()).expectStatus().isOk();
            assertThat(alerts()).isEqualTo(Map.of("test dateline", List.of("fiji-east")));
        } finally {
            TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.data_triggers WHERE name LIKE 'test %'");
        }
    }

    static String ndjson(String id, double lat, double lon, double magnitude) {
        return String.format(Locale.ROOT, "{\"sourceId\":\"%s\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"2024-01-01T00:00:00Z\","
                + "\"latitude\":%s,\"longitude\":%s,\"magnitude\":%s,\"depthKm\":10}%n", id, lat, lon, magnitude);
    }

    @Test
    void xClassFlaresFireFromX10UpAndM98DoesNot() {
        JsonNode flares = json.readTree(Fixtures.bytes("donki/FLR_2024-05.json"));
        List<String> xClass = new java.util.ArrayList<>();
        for (JsonNode flare : flares) {
            if (flare.path("classType").asString().startsWith("X")) {
                xClass.add(flare.path("flrID").asString());
            }
        }
        xClass.sort(null);
        post("solar-events", "?format=donki-flr", MediaType.APPLICATION_JSON, Fixtures.bytes("donki/FLR_2024-05.json")).expectStatus().isOk();
        assertThat(alerts()).isEqualTo(Map.of("X-class flare", xClass));
        // the boundary is inclusive (several X1.0 flares in May 2024) and the M9.8 just below it raised nothing
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.alerts WHERE context->>'classType' = 'X1.0'").get(0).get("n")).isEqualTo(4L);
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.alerts WHERE context->>'classType' LIKE 'M%'").get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void fastCmeFiresAt1500KmsAndNotOnTheFixturesFastest1197() {
        byte[] original = Fixtures.bytes("donki/CME_2023-10.json");
        post("solar-events", "?format=donki-cme", MediaType.APPLICATION_JSON, original).expectStatus().isOk();
        assertThat(alerts()).isEmpty();
        ArrayNode cmes = (ArrayNode) json.readTree(original);
        ObjectNode fastest = null;
        for (JsonNode cme : cmes) {
            if (cme.path("activityID").asString().equals("2023-10-10T10:24:00-CME-001")) {
                fastest = (ObjectNode) cme;
                for (JsonNode analysis : cme.path("cmeAnalyses")) {
                    ((ObjectNode) analysis).put("speed", 1500.0);
                }
                // a newer revision, so the stored row takes it
                fastest.put("submissionTime", "2023-11-01T00:00Z");
            }
        }
        post("solar-events", "?format=donki-cme", MediaType.APPLICATION_JSON, json.writeValueAsBytes(cmes)).expectStatus().isOk();
        assertThat(alerts()).isEqualTo(Map.of("Fast CME", List.of("2023-10-10T10:24:00-CME-001")));
    }

    @Test
    void torinoOneAndVeiFourFireAndTheGradesBelowDoNot() {
        // no Sentry or volcano fixture is shared: records in the service's own format
        String risks = """
                {"designation":"99942","fullName":"99942 Apophis (2004 MN4)","impactProbability":2.7e-2,"torinoMax":1}
                {"designation":"2000 SG344","impactProbability":2.7e-3,"torinoMax":0}
                """;
        post("impact-risks", "", MediaType.APPLICATION_NDJSON, risks.getBytes()).expectStatus().isOk();
        String eruptions = """
                {"volcanoNumber":"243040","volcanoName":"Hunga Tonga-Hunga Ha'apai","latitude":-20.536,"longitude":-175.382,"eruptionStart":"2021-12-20T00:00:00Z","vei":4}
                {"volcanoNumber":"211060","volcanoName":"Etna","latitude":37.748,"longitude":14.999,"eruptionStart":"2021-02-13T00:00:00Z","vei":3}
                """;
        post("volcanic-activity", "", MediaType.APPLICATION_NDJSON, eruptions.getBytes()).expectStatus().isOk();
        assertThat(alerts()).isEqualTo(Map.of("Torino 1 or above", List.of("99942"),
                "VEI 4+ eruption", List.of("243040/2021-12-20T00:00:00Z")));
    }

    @Test
    void repostRaisesNothingTwiceAndARevisionThatNewlyMatchesRaisesIt() {
        String first = ndjson("rev-1", 10, 10, 6.9);
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, first.getBytes()).expectStatus().isOk();
        assertThat(alerts()).isEmpty();
        String revised = first.replace("\"updated\":\"2024-01-01T00:00:00Z\"", "\"updated\":\"2024-01-02T00:00:00Z\"").replace("6.9", "7.1");
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, revised.getBytes()).expectStatus().isOk()
                .expectBody().json("{\"updated\":1}");
        assertThat(alerts()).isEqualTo(Map.of(GREAT, List.of("rev-1")));
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, revised.getBytes()).expectStatus().isOk();
        post("earthquakes", "?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk();
        post("earthquakes", "?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk();
        assertThat(Rows.count("alerts")).isEqualTo(3);
    }

    /**
     * A batch over one chunk (5000 records) whose first chunk raises an alert and whose last record is
     * invalid: the alert was inserted in the transaction (its id was taken) and rolled back with it.
     */
    @Test
    void alertsRollBackWithABatchThatFailsAfterAnAlertRaisingChunk() {
        StringBuilder records = new StringBuilder(ndjson("atomic-great", 10, 10, 7.5));
        for (int i = 1; i < 5000; i++) {
            records.append(ndjson("atomic-" + i, 10, 10, 3.0));
        }
        records.append(ndjson("atomic-bad", 95, 10, 3.0));
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, records.toString().getBytes()).expectStatus().isEqualTo(422);
        assertThat(Rows.count("earthquakes")).isZero();
        assertThat(alerts()).isEmpty();
        // the same batch without its invalid record commits, alert and all; the rolled-back alert had used id 1
        String valid = records.substring(0, records.lastIndexOf("{\"sourceId\":\"atomic-bad\""));
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, valid.getBytes()).expectStatus().isOk();
        assertThat(alerts()).isEqualTo(Map.of(GREAT, List.of("atomic-great")));
        assertThat(Rows.query("SELECT id FROM celestial.alerts").get(0).get("id")).isEqualTo(2L);
    }

    @Test
    void aChunkNoTriggerMayMatchCostsNoStatementOnTheAlerts() throws Exception {
        // the example earthquake triggers all ask M6 or more; with the alerts locked against any write, small quakes still go in
        try (java.sql.Connection lock = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE celestial.alerts IN ACCESS EXCLUSIVE MODE");
            post("earthquakes", "", MediaType.APPLICATION_NDJSON, (ndjson("small-1", 35.7, 139.7, 3.0) + ndjson("small-2", 10, 10, 5.9)).getBytes())
                    .expectStatus().isOk();
            lock.rollback();
        }
        assertThat(Rows.count("earthquakes")).isEqualTo(2);
        assertThat(alerts()).isEmpty();
    }
    @Test
    void aTriggerDeletedElsewhereRaisesNothingAndTheUploadGoesIn() {
        web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"gone elsewhere\",\"eventKind\":\"earthquake\",\"severity\":\"info\",\"conditions\":{\"magnitude\":{\"eq\":4.44}}}")
                .exchange().expectStatus().isCreated();
        // deleted as another instance would: this instance's copy of the triggers still holds it
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.data_triggers WHERE name = 'gone elsewhere'");
        post("earthquakes", "", MediaType.APPLICATION_NDJSON, ndjson("gone-1", 10, 10, 4.44).getBytes()).expectStatus().isOk();
        assertThat(Rows.count("earthquakes")).isEqualTo(1);
        assertThat(alerts()).isEmpty();
    }
}
