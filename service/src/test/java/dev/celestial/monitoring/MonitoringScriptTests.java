package dev.celestial.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db.sh up --monitoring} on a pair of its own (stopping the shared one would break the cached
 * contexts' connections): the exporter reads both nodes with the custom queries, Prometheus loads every
 * alert rule and scrapes its targets, and {@code db.sh down} stops them all.
 */
class MonitoringScriptTests {

    final TestDatabase db = TestDatabase.get();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    String get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void upWithMonitoringScrapesBothNodesLoadsTheRulesAndDownStopsIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        int primary = freePort();
        int replica = freePort();
        int exporter = freePort();
        int node = freePort();
        int prometheus = freePort();
        Map<String, String> env = Map.of("CELESTIAL_DB_DIR", dir.resolve("db").toString(),
                "CELESTIAL_PRIMARY_PORT", Integer.toString(primary), "CELESTIAL_REPLICA_PORT", Integer.toString(replica),
                "CELESTIAL_EXPORTER_PORT", Integer.toString(exporter),
                "CELESTIAL_NODE_EXPORTER_PORT", Integer.toString(node), "CELESTIAL_PROMETHEUS_PORT", Integer.toString(prometheus),
                "CELESTIAL_SERVICE_ADDRESS", "127.0.0.1:" + freePort());
        try {
            assertThat(db.run(env, "bash", "deploy/local/db.sh", "up", "--monitoring"))
                    .contains("http://127.0.0.1:" + prometheus + "/alerts");

            String metrics = get(exporter, "/metrics");
            assertThat(metrics).containsPattern("pg_replication_is_replica\\{server=\"[^\"]+:" + replica + "\"} 1")
                    .containsPattern("pg_replication_lag\\{server=\"[^\"]+:" + replica + "\"} ")
                    .containsPattern("celestial_archiver_last_failed_time\\{server=\"[^\"]+:" + primary + "\"} ")
                    .contains("pg_settings_max_connections{", "pg_stat_activity_count{")
                    .doesNotContain("An error has occurred");
            assertThat(get(node, "/metrics")).contains("node_filesystem_avail_bytes{");

            String rules = get(prometheus, "/api/v1/rules");
            for (String alert : AlertRules.alertNames()) {
                assertThat(rules).contains("\"name\":\"" + alert + "\"");
            }
            assertThat(rules).doesNotContain("\"health\":\"err\"");
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(get(prometheus, "/api/v1/query?query=up")).contains("\"job\":\"postgres\"},\"value\":[")
                            .containsPattern("\"job\":\"postgres\"},\"value\":\\[[0-9.]+,\"1\"]")
                            .containsPattern("\"job\":\"node\"},\"value\":\\[[0-9.]+,\"1\"]"));
            assertThat(db.run(env, "bash", "deploy/local/db.sh", "status")).contains("postgres-exporter", "node-exporter", "prometheus");
            assertThat(db.run(env, "bash", "deploy/local/db.sh", "down")).contains("postgres-exporter stopped", "prometheus stopped");
            assertThat(listening(exporter)).isFalse();
            assertThat(listening(node)).isFalse();
            assertThat(listening(prometheus)).isFalse();
            assertThat(db.run(env, "bash", "deploy/local/db.sh", "status")).doesNotContain("exporter", "prometheus");
        } finally {
            db.run(env, "bash", "deploy/local/db.sh", "destroy");
        }
    }
}
