package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bodies of a megabyte and more built to make parsing slow or big, one or more per format: each is
 * refused with a 4xx problem detail, writes nothing, logs no stack trace, and the service keeps
 * answering other requests meanwhile.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@CleanEventTables
class HostileBodiesIntegrationTests {

    static final int MB = 1 << 20;

    /** A hostile request: where it goes, its body, and the status it must get. */
    record Hostile(String name, String path, MediaType type, byte[] body, int status, String table) {
    }

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    HttpResponse<String> send(HttpClient client, String key, Hostile input) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + input.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", input.type().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(input.body())).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String repeat(String text, int bytes) {
        return text.repeat(bytes / text.length());
    }

    /** The Horizons header line that made the old header pattern backtrack: name, spaces, one more character. */
    static String backtrackingHeader(int spaces) {
        return "Target body name: a" + " ".repeat(spaces) + "x\n";
    }

    static List<Hostile> hostile() {
        MediaType json = MediaType.APPLICATION_JSON;
        MediaType ndjson = MediaType.APPLICATION_NDJSON;
        MediaType text = MediaType.TEXT_PLAIN;
        String nested = "[".repeat(MB) + "]".repeat(MB);
        return List.of(
                new Hostile("ndjson-1MB-line", "/api/v1/earthquakes", ndjson, bytes("{\"sourceId\":\"" + repeat("a", MB) + "\"}"), 413, "earthquakes"),
                new Hostile("json-1MB-nesting", "/api/v1/earthquakes", json, bytes(nested), 400, "earthquakes"),
                new Hostile("json-1MB-string", "/api/v1/earthquakes", json, bytes("[\"" + repeat("a", MB) + "\"]"), 400, "earthquakes"),
                new Hostile("json-1MB-element", "/api/v1/earthquakes", json,
                        bytes("[{\"place\":[" + repeat("1,", MB) + "1]}]"), 413, "earthquakes"),
                new Hostile("json-arrays-not-objects", "/api/v1/earthquakes", json, bytes("[" + repeat("[1,2,3],", MB) + "[1]]"), 422, "earthquakes"),
                new Hostile("usgs-1MB-metadata-string", "/api/v1/earthquakes?format=usgs-geojson", json,
                        bytes("{\"type\":\"FeatureCollection\",\"metadata\":{\"title\":\"" + repeat("a", MB) + "\"},\"features\":[]}"), 400, "earthquakes"),
                new Hostile("usgs-1MB-feature", "/api/v1/earthquakes?format=usgs-geojson", json,
                        bytes("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"ids\":["
                                + repeat("1,", MB) + "1]}}]}"), 413, "earthquakes"),
                new Hostile("usgs-1MB-nesting", "/api/v1/earthquakes?format=usgs-geojson", json,
                        bytes("{\"type\":\"FeatureCollection\",\"features\":" + nested + "}"), 400, "earthquakes"),
                new Hostile("usgs-not-a-collection", "/api/v1/earthquakes?format=usgs-geojson", json,
                        bytes("{\"type\":\"Feature\",\"pad\":[" + repeat("1,", MB) + "1]}"), 400, "earthquakes"),
                new Hostile("donki-1MB-note", "/api/v1/solar-events?format=donki-flr", json,
                        bytes("[{\"flrID\":\"x\",\"note\":\"" + repeat("a", MB) + "\"}]"), 400, "solar_events"),
                new Hostile("horizons-1MB-header-line", "/api/v1/ephemeris?format=horizons", text, bytes(backtrackingHeader(MB)), 413, "ephemeris_vectors"),
                new Hostile("horizons-60KB-header-lines", "/api/v1/ephemeris?format=horizons", text,
                        bytes(backtrackingHeader(60_000).repeat(17)), 400, "ephemeris_vectors"),
                new Hostile("horizons-json-60KB-header-lines", "/api/v1/ephemeris?format=horizons", json,
                        bytes("{\"result\":\"" + backtrackingHeader(60_000).replace("\n", "\\n").repeat(17) + "\"}"), 400, "ephemeris_vectors"),
                new Hostile("horizons-json-1MB-line", "/api/v1/ephemeris?format=horizons", json,
                        bytes("{\"result\":\"" + backtrackingHeader(MB).replace("\n", "\\n") + "\"}"), 413, "ephemeris_vectors"),
                new Hostile("sbdb-17MB", "/api/v1/orbital-elements?format=sbdb", json,
                        bytes("{\"object\":{\"des\":\"" + repeat("a", 17 * MB) + "\"}}"), 413, "orbital_elements"),
                new Hostile("sbdb-1MB-nesting", "/api/v1/orbital-elements?format=sbdb", json, bytes("{\"a\":" + nested + "}"), 400, "orbital_elements"),
                new Hostile("sentry-17MB", "/api/v1/impact-risks?format=sentry", json,
                        bytes("{\"data\":[" + repeat("{\"des\":\"x\"},", 17 * MB) + "{}]}"), 413, "impact_risks"),
                new Hostile("sentry-1MB-nesting", "/api/v1/impact-risks?format=sentry", json, bytes("{\"data\":" + nested + "}"), 400, "impact_risks"));
    }

    @Test
    void everyHostileBodyIsRefusedQuicklyWithAProblemWritesNothingAndOtherRequestsAreServed(CapturedOutput output) {
        AtomicBoolean hostileUnderWay = new AtomicBoolean(true);
        // a dashboard reading all along
        CompletableFuture<List<Integer>> reads = CompletableFuture.supplyAsync(() -> {
            List<Integer> statuses = new ArrayList<>();
            while (hostileUnderWay.get()) {
                statuses.add(web.get().uri("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100").exchange()
                        .expectBody(String.class).returnResult().getStatus().value());
            }
            return statuses;
        });
        Map<String, String> outcomes = new TreeMap<>();
        // the JDK's client, not Netty's: a leak the detector reports is then the service's
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        web.get().uri("/api/v1/impact-risks").exchange().expectStatus().isOk().expectBody(String.class).returnResult();
        String key = TestKeys.allScopes(port);
        for (Hostile input : hostile()) {
            long started = System.nanoTime();
            HttpResponse<String> result = send(client, key, input);
            long millis = (System.nanoTime() - started) / 1_000_000;
            outcomes.put(input.name(), result.statusCode() + " in " + millis + " ms");
            assertThat(result.statusCode()).as("%s answered %s", input.name(), result.body()).isEqualTo(input.status());
            assertThat(result.headers().firstValue("Content-Type")).as(input.name()).contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(Rows.count(input.table())).as(input.name()).isZero();
        }
        hostileUnderWay.set(false);
        List<Integer> served = reads.join();
        System.out.printf("fault hostile-bodies inputs=%d outcomes=%s reads_meanwhile=%d%n", outcomes.size(), outcomes, served.size());
        assertThat(served).isNotEmpty().allMatch(status -> status == 200);
        assertThat(output.getAll()).doesNotContain("\tat dev.celestial").doesNotContain(" ERROR ");
    }
}
