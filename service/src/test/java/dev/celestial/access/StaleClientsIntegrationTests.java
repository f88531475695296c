package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Fail closed: while the clients cannot be reloaded, the ones last loaded are trusted for {@code max-stale},
 * then every client key is refused and readiness reports {@code access} DOWN, until a reload succeeds.
 * (A context of its own, for the short max-stale.)
 */
@IntegrationTest
@TestPropertySource(properties = "celestial.access.max-stale=2s")
@ExtendWith(OutputCaptureExtension.class)
class StaleClientsIntegrationTests {

    static final String REFUSING = "refusing every client key until a reload succeeds";
    static final String ACCEPTED = "client keys accepted again";

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    final TestDatabase db = TestDatabase.get();

    @AfterEach
    void clean() {
        db.execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name = 'stale-reader'");
    }

    WebTestClient.ResponseSpec read(String key) {
        return web.get().uri("/api/v1/impact-risks").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
    }

    /** Without a key: the shared client would make one through the admin API, which needs the clients table. */
    WebTestClient.ResponseSpec readiness() {
        // details are for admin keys: the bootstrap key, which does not depend on the clients table
        return WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + port).build().get().uri("/actuator/health/readiness")
                .header("Authorization", "Bearer " + TestKeys.ADMIN).exchange();
    }

    @Test
    void clientKeysAreRefusedOnceTheClientsAreOlderThanMaxStaleAndAcceptedAgainAfterAReload(CapturedOutput output) {
        String key = TestKeys.create(port, "stale-reader", "read");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> read(key).expectStatus().isOk());

        // every reload fails from here on, as with the database away
        db.execute(TestDatabase.Role.OWNER, "ALTER TABLE celestial.api_clients RENAME TO api_clients_away");
        try {
            // a short outage locks nobody out
            read(key).expectStatus().isOk();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> read(key).expectStatus().isUnauthorized());
            readiness().expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.components.access.status").isEqualTo("DOWN")
                    .jsonPath("$.components.access.details.reason").value(reason -> assertThat((String) reason).contains("max-stale 2.0s"))
                    .jsonPath("$.components.access.details.lastError").exists()
                    .jsonPath("$.components.primary.status").isEqualTo("UP");
            // the bootstrap key is not from the database: still known (403 for a read, not 401)
            read(TestKeys.ADMIN).expectStatus().isForbidden();
        } finally {
            db.execute(TestDatabase.Role.OWNER, "ALTER TABLE celestial.api_clients_away RENAME TO api_clients");
        }

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> read(key).expectStatus().isOk());
        readiness().expectStatus().isOk().expectBody().jsonPath("$.components.access.status").isEqualTo("UP");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains(ACCEPTED));
        assertThat(output.getAll().split(REFUSING, -1)).hasSize(2);
        assertThat(output.getAll().split(ACCEPTED, -1)).hasSize(2);
        // an outage of several refresh intervals (500 ms) is told once, and its end once
        assertThat(output.getAll().split("could not reload API clients", -1)).hasSize(2);
        assertThat(output.getAll().split("API clients reloaded again", -1)).hasSize(2);
    }
}
