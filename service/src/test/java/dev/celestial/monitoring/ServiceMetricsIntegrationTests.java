package dev.celestial.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import java.sql.Connection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every service metric deploy/monitoring/alerts.yml reads is one /actuator/prometheus publishes, under
 * that name, without a key: the pools, read fallbacks, replica lag, and request timings as a histogram.
 */
@IntegrationTest
@CleanEventTables
class ServiceMetricsIntegrationTests {

    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    @Test
    void publishesEveryServiceMetricTheAlertsRead() throws Exception {
        TestDatabase db = TestDatabase.get();
        // a read whose token the paused replica cannot reach goes to the primary: a fallback ("token")
        try (Connection replica = db.connect(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER)) {
            replica.createStatement().execute("SELECT pg_wal_replay_pause()");
            String token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue("{\"sourceId\":\"metrics1\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":0,\"longitude\":0,\"magnitude\":4}\n")
                    .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
            web.get().uri("/api/v1/earthquakes/metrics1").header("Consistency-Token", token).exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("Served-By", "primary");
        } finally {
            try (Connection replica = db.connect(TestDatabase.Node.REPLICA, TestDatabase.Role.SUPERUSER)) {
                replica.createStatement().execute("SELECT pg_wal_replay_resume()");
            }
        }

        // as Prometheus scrapes it: no key
        String scrape = WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + port).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Set<String> published = new TreeSet<>();
        Matcher series = SERIES.matcher(scrape);
        while (series.find()) {
            published.add(series.group(1));
        }
        Set<String> read = new TreeSet<>();
        read.addAll(AlertRules.metrics("r2dbc_"));
        read.addAll(AlertRules.metrics("http_server_"));
        read.addAll(AlertRules.metrics("celestial_"));
        // written by the exporters and backup-metric.sh, not the service
        read.removeIf(name -> name.startsWith("celestial_archiver_") || name.startsWith("celestial_backup_"));
        assertThat(read).contains("r2dbc_pool_pending_connections", "celestial_read_fallbacks_total", "celestial_replica_lag_seconds",
                "http_server_requests_seconds_count", "http_server_requests_seconds_bucket");
        assertThat(published).containsAll(read);

        for (String pool : new String[] {"writerPool", "readerPool", "replicaProbePool", "controlPool"}) {
            assertThat(scrape).contains("r2dbc_pool_pending_connections{name=\"" + pool + "\"");
        }
        // the p99 rule's histogram, with its exact 100 ms bucket, under the route pattern the rules match
        assertThat(scrape).containsPattern(
                "(?m)^http_server_requests_seconds_bucket\\{(?=.*uri=\"/api/v1/earthquakes/\\{sourceId}\")(?=.*le=\"0\\.1\")");
        assertThat(scrape).containsPattern(
                "(?m)^http_server_requests_seconds_count\\{(?=.*method=\"POST\")(?=.*uri=\"/api/v1/\\{kind}\")");
        assertThat(scrape).contains("celestial_read_fallbacks_total{reason=\"");
    }
}
