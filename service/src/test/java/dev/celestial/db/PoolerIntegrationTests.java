package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.SparePair;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service through PgBouncer in transaction mode ({@code db.sh up --pooler}, on a pair of this test's own):
 * both pools go through it without the driver's named prepared statements, Flyway goes to the primary directly.
 * Ingestion (the COPY path for new keys, the upsert path for revisions, with their SET LOCAL and LOCK TABLE),
 * reads on the standby and a read carrying a write's consistency token all hold.
 */
class PoolerIntegrationTests {

    static SparePair pair;
    static ConfigurableApplicationContext service;
    static WebTestClient web;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestDatabase.get().controllable(), "needs the local pair");
        Assumptions.assumeTrue(Files.isExecutable(java.nio.file.Path.of("/usr/sbin/pgbouncer")), "needs pgbouncer");
        pair = SparePair.create("pooler-db", 6);
        pair.script("up", "--pooler");
        Map<String, Object> properties = new HashMap<>(pair.serviceProperties());
        properties.remove("celestial.db.primary.hosts");
        properties.remove("celestial.db.replica.hosts");
        String pooler = "r2dbc:postgresql://127.0.0.1:" + pair.poolerPort() + "/";
        properties.put("celestial.db.primary.url", pooler + "celestial?preparedStatementCacheQueries=0");
        properties.put("celestial.db.replica.url", pooler + "celestial_ro?preparedStatementCacheQueries=0");
        properties.put("spring.flyway.url", "jdbc:postgresql://127.0.0.1:" + pair.port(TestDatabase.Node.PRIMARY) + "/celestial");
        properties.putAll(Map.of("server.port", "0", "celestial.access.bootstrap-admin-key", TestKeys.ADMIN,
                "celestial.routing.monitor-interval", "200ms"));
        service = new SpringApplicationBuilder(CelestialApplication.class).run(SparePair.arguments(properties));
        web = WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + service.getEnvironment().getRequiredProperty("local.server.port"))
                .filter(TestKeys.filter()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    static byte[] quakes(String prefix, int count, String updated) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("{\"sourceId\":\"").append(prefix).append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"")
                    .append(updated).append("\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ingestionCopyAndUpsertThroughTheTransactionPooler() {
        for (int round = 0; round < 3; round++) {
            // new keys take the COPY path; the same keys again, revised, the upsert path
            web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue(quakes("pb" + round + "-", 3000, "2024-01-01T00:00:00Z")).exchange().expectStatus().isOk();
            web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue(quakes("pb" + round + "-", 3000, "2024-01-02T00:00:00Z")).exchange().expectStatus().isOk();
        }
        String token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(quakes("ryw-", 1, "2024-01-03T00:00:00Z")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
        assertThat(token).isNotBlank();
        web.get().uri("/api/v1/earthquakes/ryw-0").header("Consistency-Token", token).exchange()
                .expectStatus().isOk().expectBody(String.class).value(body -> assertThat(body).contains("ryw-0"));
    }

    @Test
    void readsGoToTheStandbyThroughThePooler() throws Exception {
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(quakes("rd-", 50, "2024-01-01T00:00:00Z")).exchange().expectStatus().isOk();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "replica".equals(web.get()
                .uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=100&limit=5").exchange().returnResult(String.class).getResponseHeaders().getFirst("Served-By")));
        for (int i = 0; i < 50; i++) {
            web.get().uri("/api/v1/earthquakes/nearby?lat=1&lon=1&radiusKm=100&limit=20").exchange().expectStatus().isOk().expectHeader().valueEquals("Served-By", "replica");
        }
        String log = Files.readString(pair.dir().resolve("pooler/pgbouncer.log"));
        assertThat(log).contains("celestial/celestial_writer@", "celestial_ro/celestial_reader@").doesNotContain("prepared statement");
    }
}
