package dev.celestial.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Scenario 6: malformed and hostile input on every endpoint gets a 4xx problem detail (plain text for
 * FDSN), never a 5xx, and leaves the database as it was.
 */
@IntegrationTest
@Tag("fault")
@CleanEventTables
class BadInputCorpusFaultTests {

    static final String QUAKE = "{\"sourceId\":\"bad\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}";
    static final String VECTOR = "{\"designation\":\"Ceres\",\"center\":\"500@10\",\"frame\":\"ICRF\",\"units\":\"AU-D\","
            + "\"julianDate\":2460000.5,\"x\":1,\"y\":1,\"z\":1,\"vx\":0,\"vy\":0,\"vz\":0}";
    static final String ORBIT = "{\"designation\":\"Ceres\",\"epochJd\":2460000.5,\"e\":0.1,\"q\":2.5,\"i\":10,\"om\":80,\"w\":70}";
    static final String RISK = "{\"designation\":\"2000 SG344\",\"impactProbability\":0.0027}";
    static final String VOLCANO = "{\"volcanoNumber\":211060,\"volcanoName\":\"Etna\",\"latitude\":37.7,\"longitude\":15,"
            + "\"eruptionStart\":\"2024-01-01T00:00:00Z\"}";
    static final String SHOWER = "{\"iauCode\":\"PER\",\"name\":\"Perseids\",\"peak\":\"2024-08-12T00:00:00Z\"}";
    static final String FLARE = "{\"kind\":\"flare\",\"eventId\":\"2024-05-01T00:00:00-FLR-001\",\"beginTime\":\"2024-05-01T00:00Z\"}";
    static final String TABLES = "earthquakes solar_events ephemeris_vectors orbital_elements impact_risks volcanic_activity meteor_showers api_clients";

    record Input(String name, HttpMethod method, String uri, MediaType type, byte[] body) {

        static Input post(String name, String uri, MediaType type, String body) {
            return new Input(name, HttpMethod.POST, uri, type, body.getBytes(StandardCharsets.UTF_8));
        }

        static Input get(String name, String uri) {
            return new Input(name, HttpMethod.GET, uri, null, null);
        }
    }

    @Autowired
    WebTestClient web;

    static List<Input> corpus() {
        MediaType nd = MediaType.APPLICATION_NDJSON;
        MediaType js = MediaType.APPLICATION_JSON;
        List<Input> inputs = new ArrayList<>(List.of(
                Input.post("malformed ndjson", "/api/v1/solar-events", nd, FLARE + "\n{\"kind\":\n"),
                Input.post("flare of an unknown kind", "/api/v1/solar-events", nd, FLARE.replace("flare", "comet") + "\n"),
                Input.post("truncated json array", "/api/v1/volcanic-activity", js, "[" + VOLCANO + ",{\"volcano"),
                Input.post("DONKI flares not an array", "/api/v1/solar-events?format=donki-flr", js, "{\"not\":\"an array\"}"),
                Input.post("DONKI CMEs of wrong types", "/api/v1/solar-events?format=donki-cme", js, "[{\"activityID\":5,\"startTime\":[]}]"),
                Input.post("Horizons garbage", "/api/v1/ephemeris?format=horizons", MediaType.TEXT_PLAIN, "no $$SOE here"),
                Input.post("Horizons JSON wrapper without result", "/api/v1/ephemeris?format=horizons", js, "{\"signature\":{}}"),
                Input.post("ephemeris NaN", "/api/v1/ephemeris", nd, VECTOR.replace("\"x\":1", "\"x\":NaN") + "\n"),
                Input.post("ephemeris units of a string", "/api/v1/ephemeris", nd, VECTOR.replace("AU-D", "furlongs") + "\n"),
                Input.post("SBDB without orbit", "/api/v1/orbital-elements?format=sbdb", js, "{\"object\":{}}"),
                Input.post("orbit huge number", "/api/v1/orbital-elements", nd, ORBIT.replace("0.1", "1e999") + "\n"),
                Input.post("orbit number as an object", "/api/v1/orbital-elements", nd, ORBIT.replace("0.1", "{\"value\":0.1}") + "\n"),
                Input.post("Sentry data not a list", "/api/v1/impact-risks?format=sentry", js, "{\"data\":\"x\"}"),
                Input.post("risk unknown field", "/api/v1/impact-risks", nd, RISK.replace("}", ",\"danger\":true}") + "\n"),
                Input.post("risk probability above 1", "/api/v1/impact-risks", nd, RISK.replace("0.0027", "1.5") + "\n"),
                Input.post("volcano latitude 91", "/api/v1/volcanic-activity", nd, VOLCANO.replace("37.7", "91") + "\n"),
                Input.post("meteor overlong name", "/api/v1/meteor-showers", nd, SHOWER.replace("Perseids", "m".repeat(10_000)) + "\n"),
                Input.post("meteor shower with an extra parameter", "/api/v1/meteor-showers?dryRun=true", nd, SHOWER + "\n"),
                Input.post("quake with the format given twice", "/api/v1/earthquakes?format=usgs-geojson&format=own", nd, QUAKE + "\n"),
                Input.post("quake line over the limit", "/api/v1/earthquakes", nd, QUAKE.replace("}", ",\"place\":\"" + "p".repeat(70_000) + "\"}") + "\n"),
                new Input("invalid UTF-8", HttpMethod.POST, "/api/v1/earthquakes", nd, new byte[] {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}', '\n'}),
                Input.post("nesting bomb", "/api/v1/earthquakes", js, "[".repeat(5000) + "]".repeat(5000)),
                Input.post("nesting bomb in a record", "/api/v1/earthquakes", nd, "{\"place\":" + "[".repeat(5000) + "]".repeat(5000) + "}\n"),
                Input.post("text/plain body", "/api/v1/earthquakes", MediaType.TEXT_PLAIN, QUAKE),
                Input.post("XML body", "/api/v1/earthquakes", MediaType.APPLICATION_XML, "<quake/>"),
                Input.post("unknown format", "/api/v1/earthquakes?format=quakeml", js, "[]"),
                Input.post("SQL in a key, then a bad record", "/api/v1/earthquakes", nd,
                        QUAKE.replace("\"bad\"", "\"x'); DROP TABLE celestial.earthquakes; --\"") + "\n" + QUAKE.replace("\"magnitude\":4", "\"magnitude\":99") + "\n"),
                Input.get("SQL in a number parameter", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10%3BDROP%20TABLE%20x"),
                Input.get("SQL in a choice parameter", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&orderBy=time%3BDROP%20TABLE%20x"),
                Input.get("SQL in an event id", "/api/v1/earthquakes/x'%20OR%20'1'%3D'1"),
                Input.post("key of the wrong type", "/api/v1/earthquakes", nd, QUAKE.replace("\"bad\"", "5") + "\n"),
                Input.post("time not a time", "/api/v1/earthquakes", nd, QUAKE.replace("2024-01-01T00:00:00Z", "yesterday") + "\n"),
                Input.post("magnitude Infinity", "/api/v1/earthquakes", nd, QUAKE.replace("\"magnitude\":4", "\"magnitude\":Infinity") + "\n"),
                Input.post("a record that is an array", "/api/v1/earthquakes", nd, "[1,2,3]\n"),
                Input.post("no such kind", "/api/v1/asteroids", nd, QUAKE + "\n"),
                Input.get("latitude 91", "/api/v1/earthquakes/nearby?lat=91&lon=0&radiusKm=10"),
                Input.get("latitude not a number", "/api/v1/earthquakes/nearby?lat=abc&lon=0&radiusKm=10"),
                Input.get("radius beyond half the earth", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=20002"),
                Input.get("missing longitude", "/api/v1/earthquakes/nearby?lat=0&radiusKm=10"),
                Input.get("unknown parameter", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&foo=1"),
                Input.get("limit above the maximum", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&limit=20001"),
                Input.get("forged cursor", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&cursor=Jyk7IERST1A="),
                Input.get("unknown order", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&orderBy=sideways"),
                Input.get("box upside down", "/api/v1/earthquakes?minLat=10&maxLat=0&minLon=0&maxLon=1"),
                Input.get("box longitude -181", "/api/v1/earthquakes?minLat=0&maxLat=1&minLon=-181&maxLon=1"),
                Input.get("from not a date", "/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=10&from=monday"),
                Input.get("flare class Z9", "/api/v1/solar-events?minClass=Z9"),
                Input.get("interstellar maybe", "/api/v1/orbital-elements?interstellar=maybe"),
                Input.get("ephemeris from not a time", "/api/v1/ephemeris/Ceres?from=soon"),
                Input.get("negative radius", "/api/v1/volcanic-activity/nearby?lat=0&lon=0&radiusKm=-1"),
                Input.get("limit 0", "/api/v1/earthquakes/significant?limit=0"),
                Input.get("consistency token not a WAL position", "/api/v1/impact-risks?consistencyToken=notalsn"),
                Input.get("FDSN magnitude not a number", "/fdsnws/event/1/query?minmagnitude=abc"),
                Input.get("FDSN format xml", "/fdsnws/event/1/query?format=xml"),
                Input.get("FDSN radius in degrees and km", "/fdsnws/event/1/query?latitude=0&longitude=0&maxradius=1&maxradiuskm=100"),
                Input.get("FDSN unknown parameter", "/fdsnws/event/1/query?bogus=1"),
                Input.get("FDSN count with a bad time", "/fdsnws/event/1/count?starttime=never"),
                Input.post("admin unknown scope", "/api/v1/admin/clients", js, "{\"name\":\"bad\",\"scopes\":[\"root\"]}"),
                Input.post("admin malformed body", "/api/v1/admin/clients", js, "{"),
                Input.post("admin body not an object", "/api/v1/admin/clients", js, "[\"read\"]"),
                new Input("admin id not a UUID", HttpMethod.DELETE, "/api/v1/admin/clients/1;DROP", null, null),
                Input.get("admin export of an id not a UUID", "/api/v1/admin/clients/not-a-uuid/export"),
                new Input("admin erase not a boolean", HttpMethod.DELETE, "/api/v1/admin/clients/0190b0a4-7c2e-7f00-8000-000000000000?erase=perhaps", null, null)));
        return inputs;
    }

    @Test
    void everyMalformedOrHostileInputGetsA4xxProblemAndChangesNothing() throws InterruptedException {
        // the first request of a test server creates the tests' API client; count after it
        web.get().uri("/api/v1/impact-risks").exchange().expectStatus().isOk();
        Map<String, Long> before = counts();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Input input : corpus()) {
            WebTestClient.RequestBodySpec request = web.method(input.method()).uri(input.uri());
            if (input.body() != null) {
                request.contentType(input.type()).bodyValue(input.body());
            }
            EntityExchangeResult<String> result = request.exchange().expectBody(String.class).returnResult();
            for (int retries = 0; result.getStatus().value() == 429 && retries < 10; retries++) {
                // over the tests' client's ingestion rate: wait as told and send the input again, as a client would
                Thread.sleep(Long.parseLong(result.getResponseHeaders().getFirst("Retry-After")) * 1000);
                WebTestClient.RequestBodySpec again = web.method(input.method()).uri(input.uri());
                if (input.body() != null) {
                    again.contentType(input.type()).bodyValue(input.body());
                }
                result = again.exchange().expectBody(String.class).returnResult();
            }
            int status = result.getStatus().value();
            statuses.put(input.name(), status);
            MediaType type = result.getResponseHeaders().getContentType();
            MediaType expected = input.uri().startsWith("/fdsnws/") ? MediaType.TEXT_PLAIN : MediaType.APPLICATION_PROBLEM_JSON;
            if (status < 400 || status >= 500 || type == null || !type.isCompatibleWith(expected)) {
                wrong.add(input.name() + " -> " + status + " " + type + " " + result.getResponseBody());
            }
        }
        System.out.printf("fault bad-input: inputs=%d statuses=%s%n", statuses.size(), statuses);
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(40);
        assertThat(wrong).isEmpty();
        assertThat(counts()).isEqualTo(before);

        // SQL-looking text in a valid record is only text: stored as sent, and the table is still there
        String hostile = "x'); DROP TABLE celestial.earthquakes; --";
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue((QUAKE.replace("\"bad\"", "\"sql-1\"").replace("}", ",\"place\":\"" + hostile + "\"}") + "\n")
                        .getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
        assertThat(Rows.query("SELECT place FROM celestial.earthquakes WHERE source_id = 'sql-1'")).containsExactly(Map.of("place", hostile));
    }

    static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES.split(" ")) {
            counts.put(table, Rows.count(table));
        }
        return counts;
    }
}
