package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@IntegrationTest
class EarthquakeIngestIntegrationTests {

    static final String USGS = "usgs/significant_month_2020-06.geojson";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @LocalServerPort
    int port;

    @Value("${celestial.db.primary.pool.max-acquire-time}")
    Duration writerAcquireTime;

    @BeforeEach
    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
    }

    WebTestClient.ResponseSpec post(String query, MediaType type, byte[] body) {
        return web.mutate().responseTimeout(Duration.ofSeconds(120)).build().post().uri("/api/v1/earthquakes" + query).contentType(type).bodyValue(body).exchange();
    }

    static String ndjsonRecord(String id, String time, String updated, double lat, double lon, double mag) {
        return String.format(java.util.Locale.ROOT,
                "{\"sourceId\":\"%s\",\"time\":\"%s\",\"updated\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"magnitude\":%s,\"depthKm\":10}",
                id, time, updated, lat, lon, mag);
    }

    @Test
    void usgsGeoJsonRoundTripsFieldByField() {
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk()
                .expectHeader().valueMatches("Consistency-Token", "[0-9A-F]+/[0-9A-F]+")
                .expectBody().json("{\"received\":6,\"inserted\":6,\"updated\":0,\"unchanged\":0}");
        JsonNode features = json.readTree(Fixtures.text(USGS)).path("features");
        List<Map<String, Object>> rows = Rows.query("""
                SELECT source_id, (extract(epoch FROM occurred_at) * 1000)::bigint AS time,
                       (extract(epoch FROM source_updated_at) * 1000)::bigint AS updated, magnitude, mag_type, depth_km,
                       ST_X(location::geometry) AS lon, ST_Y(location::geometry) AS lat, place, status, tsunami,
                       significance, network, code, alert_level, felt, cdi, mmi, url, extras::text AS extras
                  FROM celestial.earthquakes""");
        assertThat(rows).hasSize(features.size());
        for (JsonNode feature : features.values()) {
            JsonNode p = feature.path("properties");
            JsonNode c = feature.path("geometry").path("coordinates");
            Map<String, Object> row = rows.stream().filter(r -> r.get("source_id").equals(feature.path("id").asString()))
                    .findFirst().orElseThrow();
            assertThat(row.get("time")).isEqualTo(p.path("time").longValue());
            assertThat(row.get("updated")).isEqualTo(p.path("updated").longValue());
            assertThat((Double) row.get("magnitude")).isCloseTo(p.path("mag").doubleValue(), within(1e-9));
            assertThat(row.get("mag_type")).isEqualTo(p.path("magType").asString());
            assertThat((Double) row.get("lon")).isCloseTo(c.get(0).doubleValue(), within(1e-9));
            assertThat((Double) row.get("lat")).isCloseTo(c.get(1).doubleValue(), within(1e-9));
            assertThat((Double) row.get("depth_km")).isCloseTo(c.get(2).doubleValue(), within(1e-9));
            assertThat(row.get("place")).isEqualTo(p.path("place").asString());
            assertThat(row.get("status")).isEqualTo(p.path("status").asString());
            assertThat(row.get("tsunami")).isEqualTo(p.path("tsunami").intValue() == 1);
            assertThat(row.get("significance")).isEqualTo(p.path("sig").intValue());
            assertThat(row.get("network")).isEqualTo(p.path("net").asString());
            assertThat(row.get("code")).isEqualTo(p.path("code").asString());
            assertThat(row.get("alert_level")).isEqualTo(p.path("alert").isNull() ? null : p.path("alert").asString());
            assertThat(row.get("felt")).isEqualTo(p.path("felt").isNull() ? null : p.path("felt").intValue());
            assertThat(row.get("url")).isEqualTo(p.path("url").asString());
            JsonNode extras = json.readTree((String) row.get("extras"));
            assertThat(extras.path("ids").asString()).isEqualTo(p.path("ids").asString());
            assertThat(extras.path("types").asString()).isEqualTo(p.path("types").asString());
            assertThat(extras.path("title").asString()).isEqualTo(p.path("title").asString());
        }
    }

    @Test
    void repostingChangesNothingNewerRevisionsUpdateOlderOnesNever() {
        byte[] original = Fixtures.bytes(USGS);
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, original).expectStatus().isOk();
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, original).expectStatus().isOk()
                .expectBody().json("{\"received\":6,\"inserted\":0,\"updated\":0,\"unchanged\":6}");

        ObjectNode document = (ObjectNode) json.readTree(original);
        ObjectNode first = (ObjectNode) document.path("features").get(0).path("properties");
        long updated = first.path("updated").longValue();
        first.put("mag", 6.6).put("updated", updated + 60_000);
        ObjectNode second = (ObjectNode) document.path("features").get(1).path("properties");
        second.put("mag", 1.0).put("updated", second.path("updated").longValue() - 60_000);
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(document)).expectStatus().isOk()
                .expectBody().json("{\"received\":6,\"inserted\":0,\"updated\":1,\"unchanged\":5}");

        String firstId = document.path("features").get(0).path("id").asString();
        String secondId = document.path("features").get(1).path("id").asString();
        assertThat(Rows.query("SELECT magnitude FROM celestial.earthquakes WHERE source_id = '" + firstId + "'").get(0))
                .containsEntry("magnitude", 6.6);
        assertThat(Rows.query("SELECT magnitude FROM celestial.earthquakes WHERE source_id = '" + secondId + "'").get(0))
                .containsEntry("magnitude", 5.53);
    }

    @Test
    void ownFormatsAcceptNdjsonAndJsonArrays() {
        String ndjson = ndjsonRecord("nd1", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z", 35.0, 139.0, 5.0) + "\n\n"
                + ndjsonRecord("nd2", "2024-01-02T00:00Z", "2024-01-02T01:00Z", -33.4, -70.6, 6.1) + "\n";
        post("", MediaType.APPLICATION_NDJSON, ndjson.getBytes(StandardCharsets.UTF_8)).expectStatus().isOk()
                .expectBody().json("{\"received\":2,\"inserted\":2}");
        String array = "[" + ndjsonRecord("js1", "2024-01-03T00:00:00+02:00", "2024-01-03T00:00:00Z", 0, 0, 2.5) + "]";
        post("", MediaType.APPLICATION_JSON, array.getBytes(StandardCharsets.UTF_8)).expectStatus().isOk()
                .expectBody().json("{\"received\":1,\"inserted\":1}");
        assertThat(Rows.query("SELECT occurred_at::text AS t FROM celestial.earthquakes WHERE source_id = 'js1'").get(0))
                .containsEntry("t", "2024-01-02 22:00:00+00");
        assertThat(Rows.count("earthquakes")).isEqualTo(3);
    }

    @Test
    void oneBadRecordLastOfAHundredThousandLeavesNothing() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            body.append(ndjsonRecord("big" + i, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 10, 10, 4)).append('\n');
        }
        body.append(ndjsonRecord("bad", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 91, 10, 4)).append('\n');
        post("", MediaType.APPLICATION_NDJSON, body.toString().getBytes(StandardCharsets.UTF_8))
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].line").isEqualTo(100_001)
                .jsonPath("$.errors[0].field").isEqualTo("latitude");
        assertThat(Rows.count("earthquakes")).isZero();
        assertThat(Rows.query("SELECT outcome, received FROM celestial.ingestion_batches").get(0))
                .containsEntry("outcome", "rejected").containsEntry("received", 100_001L);
    }

    record BadInput(String name, MediaType type, String query, String body, int status, String mentions) {
    }

    @Test
    void badInputGetsAProblemNamingWhatWasWrongAndWritesNothing() {
        String good = ndjsonRecord("ok", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1);
        List<BadInput> inputs = List.of(
                new BadInput("malformed line", MediaType.APPLICATION_NDJSON, "", good + "\n{\"sourceId\": oops}\n", 400, "line 2"),
                new BadInput("truncated array", MediaType.APPLICATION_JSON, "", "[" + good + ", {\"sourceId\":", 400, "record 1"),
                new BadInput("NaN", MediaType.APPLICATION_NDJSON, "", good.replace("\"magnitude\":1.0", "\"magnitude\":NaN"), 400, "line 1"),
                new BadInput("latitude out of range", MediaType.APPLICATION_NDJSON, "", good.replace("\"latitude\":1.0", "\"latitude\":-90.5"), 422, "latitude"),
                new BadInput("longitude out of range", MediaType.APPLICATION_JSON, "", "[" + good.replace("\"longitude\":1.0", "\"longitude\":181") + "]", 422, "longitude"),
                new BadInput("depth out of range", MediaType.APPLICATION_NDJSON, "", good.replace("\"depthKm\":10", "\"depthKm\":1001"), 422, "depthKm"),
                new BadInput("magnitude out of range", MediaType.APPLICATION_NDJSON, "", good.replace("\"magnitude\":1.0", "\"magnitude\":10.5"), 422, "magnitude"),
                new BadInput("huge number", MediaType.APPLICATION_NDJSON, "", good.replace("\"magnitude\":1.0", "\"magnitude\":1e999"), 422, "magnitude"),
                new BadInput("unparseable time", MediaType.APPLICATION_NDJSON, "", good.replace("2024-01-01T00:00:00Z\",\"updated", "yesterday\",\"updated"), 422, "time"),
                new BadInput("missing source id", MediaType.APPLICATION_NDJSON, "", good.replace("\"sourceId\":\"ok\",", ""), 422, "sourceId"),
                new BadInput("wrong type", MediaType.APPLICATION_NDJSON, "", good.replace("\"latitude\":1.0", "\"latitude\":true"), 422, "latitude"),
                new BadInput("unknown field", MediaType.APPLICATION_NDJSON, "", good.replace("{", "{\"magnitud\":3,"), 422, "magnitud"),
                new BadInput("unknown format", MediaType.APPLICATION_JSON, "?format=csv", "[" + good + "]", 400, "format"),
                new BadInput("wrong content type", MediaType.TEXT_PLAIN, "", good, 415, "text/plain"),
                new BadInput("line over the limit", MediaType.APPLICATION_NDJSON, "", good.replace("\"place\":", "") .replace("{", "{\"place\":\"" + "x".repeat(70_000) + "\","), 413, "line 1"),
                new BadInput("not a FeatureCollection", MediaType.APPLICATION_JSON, "?format=usgs-geojson", "{\"type\":\"Feature\"}", 400, "FeatureCollection"));
        for (BadInput input : inputs) {
            post(input.query(), input.type(), input.body().getBytes(StandardCharsets.UTF_8))
                    .expectStatus().isEqualTo(input.status())
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).value(body -> assertThat(body).as(input.name()).contains(input.mentions()));
            assertThat(Rows.count("earthquakes")).as(input.name()).isZero();
        }
    }

    /** Posts {@code body}, expects 422 naming {@code field} of the first bad record, and no change to the table. */
    void refused(String name, String query, MediaType type, byte[] body, String position, int where, String field) {
        String before = Rows.digest("earthquakes");
        post(query, type, body).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0]." + position).isEqualTo(where)
                .jsonPath("$.errors[0].field").value(f -> assertThat((String) f).as(name).isEqualTo(field));
        assertThat(Rows.digest("earthquakes")).as(name).isEqualTo(before);
    }

    ObjectNode usgsWith(int feature, Consumer<ObjectNode> change) {
        ObjectNode document = (ObjectNode) json.readTree(Fixtures.bytes(USGS));
        change.accept((ObjectNode) document.path("features").get(feature));
        return document;
    }

    @Test
    void revisionsFromTheFutureAreRefusedSoTheyCannotPinARow() {
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk();
        long year3000 = Instant.parse("3000-01-01T00:00:00Z").toEpochMilli();
        refused("USGS updated in 3000", "?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(
                usgsWith(2, f -> ((ObjectNode) f.path("properties")).put("updated", year3000).put("mag", 1.0))),
                "index", 2, "properties.updated");
        String id = json.readTree(Fixtures.bytes(USGS)).path("features").get(2).path("id").asString();
        String dayAfterTomorrow = Instant.now().plus(Duration.ofDays(2)).toString();
        refused("own updated two days ahead", "", MediaType.APPLICATION_NDJSON,
                (ndjsonRecord(id, "2020-06-01T00:00:00Z", dayAfterTomorrow, 1, 1, 1) + "\n").getBytes(StandardCharsets.UTF_8),
                "line", 1, "updated");
        // a source clock a little ahead is within the allowed skew
        String inAnHour = Instant.now().plus(Duration.ofHours(1)).toString();
        post("", MediaType.APPLICATION_NDJSON, (ndjsonRecord("soon", "2024-01-01T00:00:00Z", inAnHour, 1, 1, 1) + "\n")
                .getBytes(StandardCharsets.UTF_8)).expectStatus().isOk();
    }

    record Refusal(String field, String body) {
    }

    @Test
    void epochMillisAndNumbersBeyondWhatTheColumnsTakeAreRefused() {
        String good = ndjsonRecord("n", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1);
        String time = "\"time\":\"2024-01-01T00:00:00Z\"";
        String huge = "1" + "0".repeat(400);
        List<Refusal> refusals = List.of(
                new Refusal("time", good.replace(time, "\"time\":99999999999999999")),
                new Refusal("time", good.replace(time, "\"time\":-62135596800001")),
                new Refusal("time", good.replace(time, "\"time\":123456789012345678901234567890")),
                new Refusal("time", good.replace(time, "\"time\":1.5e12")),
                new Refusal("magnitude", good.replace("\"magnitude\":1.0", "\"magnitude\":" + huge)),
                new Refusal("latitude", good.replace("\"latitude\":1.0", "\"latitude\":-" + huge)),
                new Refusal("sig", good.replace("}", ",\"sig\":" + huge + "}")),
                new Refusal("tsunami", good.replace("}", ",\"tsunami\":100000000000000000000}")));
        for (Refusal r : refusals) {
            refused(r.body(), "", MediaType.APPLICATION_NDJSON, (r.body() + "\n").getBytes(StandardCharsets.UTF_8), "line", 1, r.field());
        }
        refused("USGS time in year 10000", "?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(
                usgsWith(3, f -> ((ObjectNode) f.path("properties")).put("time", 253402300800000L))), "index", 3, "properties.time");
        refused("USGS longitude of 400 digits", "?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(
                usgsWith(3, f -> ((ArrayNode) f.path("geometry").path("coordinates")).set(0, new BigInteger(huge)))),
                "index", 3, "geometry.coordinates[0]");
    }

    record PropertyRefusal(String field, Consumer<ObjectNode> change) {
    }

    @Test
    void nulsAndOversizedExtrasAnywhereInUsgsPropertiesAreRefusedWithTheirPath() {
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes(USGS)).expectStatus().isOk();
        List<PropertyRefusal> refusals = List.of(
                new PropertyRefusal("properties.title", p -> p.put("title", "M 6.8\u0000")),
                new PropertyRefusal("properties.ids", p -> p.put("ids", "\u0000")),
                new PropertyRefusal("properties.place", p -> p.put("place", "Pacific\u0000")),
                new PropertyRefusal("properties", p -> p.put("bad\u0000key", 1)),
                new PropertyRefusal("properties.nested.a[1].b", p -> p.putObject("nested").putArray("a").add(1).addObject().put("b", "x\u0000")),
                new PropertyRefusal("properties.nested.a[1]", p -> p.putObject("nested").putArray("a").add(1).addObject().put("\u0000", "x")),
                new PropertyRefusal("properties.deep[0][0][0][0][0][0][0]", p -> nest(p.putArray("deep"), 7)),
                new PropertyRefusal("properties", p -> p.put("blob", "x".repeat(20_000))));
        for (PropertyRefusal r : refusals) {
            refused(r.field(), "?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(usgsWith(1, f -> {
                ObjectNode properties = (ObjectNode) f.path("properties");
                r.change().accept(properties.put("updated", Instant.now().toEpochMilli()));
            })), "index", 1, r.field());
        }
        // extras with eight levels of nesting (extras itself the first) are kept
        post("?format=usgs-geojson", MediaType.APPLICATION_JSON, json.writeValueAsBytes(usgsWith(1, f ->
                nest(((ObjectNode) f.path("properties")).put("updated", Instant.now().toEpochMilli()).putArray("deep"), 6))))
                .expectStatus().isOk().expectBody().json("{\"updated\":1}");
    }

    static void nest(ArrayNode array, int levels) {
        for (int i = 0; i < levels; i++) {
            array = array.addArray();
        }
    }

    @Test
    void anUnknownFieldNamedWithANulIsRefusedAndTheRefusalStillLogged() {
        String line = ndjsonRecord("n", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1).replace("{", "{\"x\\u0000y\":1,");
        refused("NUL in a field name", "", MediaType.APPLICATION_NDJSON, (line + "\n").getBytes(StandardCharsets.UTF_8),
                "line", 1, "x\\u0000y");
        assertThat(Rows.query("SELECT outcome FROM celestial.ingestion_batches WHERE kind = 'earthquakes'"))
                .containsExactly(Map.of("outcome", "rejected"));
    }

    @Test
    void concurrentMultiChunkWritersWithOverlappingKeysInOppositeOrdersFinishWithoutDeadlockOrDuplicates() {
        // 12,000 records = three chunks each; even writers go up the keys, odd ones down, so row locks
        // taken chunk by chunk would cross and deadlock
        List<CompletableFuture<JsonNode>> writers = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 12_000; i++) {
                int key = w % 2 == 0 ? i + w * 1000 : 15_999 - i - w * 1000;
                body.append(ndjsonRecord("ov" + key, "2024-01-01T00:00:00Z", "2024-01-01T00:0" + w + ":00Z", 5, 5, 3)).append('\n');
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            // as ingestion workers do: a 503 (here: waited past the 3 s test lock timeout) is retried, and so is a
            // 429 (five writers with one key, over its four concurrent ingestion requests)
            writers.add(CompletableFuture.supplyAsync(() -> {
                for (int attempt = 0; ; attempt++) {
                    var result = post("", MediaType.APPLICATION_NDJSON, bytes).expectBody(String.class).returnResult();
                    if (result.getStatus().value() == 429 && attempt < 20) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                    } else if (result.getStatus().value() != 503 || attempt == 20) {
                        assertThat(result.getStatus().value()).isEqualTo(200);
                        return json.readTree(result.getResponseBody());
                    }
                }
            }));
        }
        List<JsonNode> answers = writers.stream().map(CompletableFuture::join).toList();
        long inserted = answers.stream().mapToLong(a -> a.path("inserted").longValue()).sum();
        List<Map<String, Object>> counts = Rows.query(
                "SELECT count(*) AS n, count(DISTINCT source_id) AS d FROM celestial.earthquakes");
        assertThat(counts.get(0).get("n")).isEqualTo(counts.get(0).get("d")).isEqualTo(inserted).isEqualTo(16_000L);
        // whatever order they ran in, each key holds the newest revision posted for it
        assertThat(Rows.query("""
                SELECT count(*) AS wrong FROM celestial.earthquakes
                 WHERE source_updated_at <> '2024-01-01T00:00:00Z'::timestamptz + make_interval(mins =>
                       CASE WHEN substr(source_id, 3)::int >= 4000 THEN 4
                            WHEN substr(source_id, 3)::int >= 1000 THEN 3 ELSE 0 END)""").get(0))
                .containsEntry("wrong", 0L);
    }

    @Test
    void newAndExistingKeysStoreTheSameValuesWhetherCopiedOrUpserted() {
        String tricky = "{\"sourceId\":\"%s\",\"time\":\"2024-05-01T12:34:56.789Z\",\"updated\":\"%s\","
                + "\"latitude\":0.0001,\"longitude\":-179.99999,\"magnitude\":-1.5,\"depthKm\":-3.25,"
                + "\"place\":\"tab\\there, line\\nbreak, back\\\\slash \\\"quoted\\\" {braces} NULL ÅÄÖ 地震\","
                + "\"magType\":\"mww\",\"status\":\"reviewed\",\"tsunami\":true,\"sig\":1234,\"net\":\"us\","
                + "\"code\":\"7000abcd\",\"alert\":\"orange\",\"felt\":42,\"cdi\":7.1,\"mmi\":8.25,"
                + "\"url\":\"https://example.org/q?a=1&b=2\"}\n";
        String columns = """
                SELECT occurred_at::text AS t, source_updated_at::text AS u, ST_Y(location::geometry) AS lat,
                       ST_X(location::geometry) AS lon, magnitude, depth_km, place, mag_type, status, tsunami,
                       significance, network, code, alert_level, felt, cdi, mmi, url, extras::text AS extras
                  FROM celestial.earthquakes WHERE source_id = '%s'""";
        // all keys new: the chunk goes in with COPY
        post("", MediaType.APPLICATION_NDJSON, String.format(tricky, "copied", "2024-05-01T13:00:00Z").getBytes(StandardCharsets.UTF_8))
                .expectStatus().isOk().expectBody().json("{\"inserted\":1}");
        // one key already stored: the chunk goes through the upsert, which inserts the new one
        post("", MediaType.APPLICATION_NDJSON, (String.format(tricky, "copied", "2024-05-01T13:00:00Z")
                + String.format(tricky, "upserted", "2024-05-01T13:00:00Z")).getBytes(StandardCharsets.UTF_8))
                .expectStatus().isOk().expectBody().json("{\"inserted\":1,\"unchanged\":1}");
        Map<String, Object> copied = Rows.query(String.format(columns, "copied")).get(0);
        assertThat(Rows.query(String.format(columns, "upserted")).get(0)).isEqualTo(copied);
        assertThat(copied)
                .containsEntry("t", "2024-05-01 12:34:56.789+00").containsEntry("u", "2024-05-01 13:00:00+00")
                .containsEntry("lat", 0.0001).containsEntry("lon", -179.99999).containsEntry("magnitude", -1.5)
                .containsEntry("depth_km", -3.25)
                .containsEntry("place", "tab\there, line\nbreak, back\\slash \"quoted\" {braces} NULL ÅÄÖ 地震")
                .containsEntry("tsunami", true).containsEntry("significance", 1234).containsEntry("alert_level", "orange")
                .containsEntry("felt", 42).containsEntry("cdi", 7.1).containsEntry("mmi", 8.25)
                .containsEntry("url", "https://example.org/q?a=1&b=2").containsEntry("extras", "{}");
    }

    @Test
    void aRequestWaitingLongerThanTheLockTimeoutForAnotherWriterAnswers503AndWritesNothing() throws Exception {
        try (java.sql.Connection other = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
            other.setAutoCommit(false);
            other.createStatement().execute("LOCK TABLE celestial.earthquakes IN SHARE ROW EXCLUSIVE MODE");
            String line = ndjsonRecord("waits", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1) + "\n";
            post("", MediaType.APPLICATION_NDJSON, line.getBytes(StandardCharsets.UTF_8))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody(String.class).value(body -> assertThat(body).contains("55P03"));
            other.rollback();
        }
        assertThat(Rows.count("earthquakes")).isZero();
        post("", MediaType.APPLICATION_NDJSON, (ndjsonRecord("after", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1) + "\n")
                .getBytes(StandardCharsets.UTF_8)).expectStatus().isOk();
    }

    @Test
    void anExhaustedWriterPoolAnswers503WithRetryAfterInsteadOfHanging() {
        List<io.r2dbc.spi.Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < writerPool.getMetrics().orElseThrow().getMaxAllocatedSize(); i++) {
                held.add(reactor.core.publisher.Mono.from(writerPool.create()).block(Duration.ofSeconds(10)));
            }
            String line = ndjsonRecord("busy", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1) + "\n";
            long started = System.nanoTime();
            post("", MediaType.APPLICATION_NDJSON, line.getBytes(StandardCharsets.UTF_8))
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            // the bound itself is the behaviour: two acquisitions (the upload's, then the one for its 'failed' outcome row),
            // each bounded by max-acquire-time (5 s), not once per acquire-retry (11 x 5 s, so 110 s, as r2dbc-pool's own
            // bound gave); a third bound is room for a slow machine
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isLessThan(writerAcquireTime.multipliedBy(3));
        } finally {
            held.forEach(connection -> reactor.core.publisher.Mono.from(connection.close()).block(Duration.ofSeconds(10)));
        }
        assertThat(Rows.count("earthquakes")).isZero();
    }

    @Test
    void aClientThatDisconnectsMidUploadLeavesNothingAndReturnsItsConnection() throws Exception {
        String line = ndjsonRecord("cut", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", 1, 1, 1) + "\n";
        web.get().uri("/api/v1/earthquakes/significant").exchange().expectStatus().isOk();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/earthquakes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                    + "Authorization: Bearer " + TestKeys.allScopes(port) + "\r\n"
                    + "Content-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20_000; i++) {
                out.write(line.replace("\"cut\"", "\"cut" + i + "\"").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            Thread.sleep(500);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(writerPool.getMetrics().orElseThrow().acquiredSize()).isZero();
            assertThat(Rows.query("SELECT pid FROM pg_stat_activity WHERE application_name = 'celestial-writer'"
                    + " AND state LIKE 'idle in transaction%'")).isEmpty();
        });
        assertThat(Rows.count("earthquakes")).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Rows.query("SELECT outcome, inserted FROM celestial.ingestion_batches WHERE kind = 'earthquakes'"))
                .containsExactly(Map.of("outcome", "cancelled", "inserted", 0L)));
    }
}
