package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code celestial.access.public-reads=true} opens the queries to callers without a key, and nothing else. */
@IntegrationTest
@TestPropertySource(properties = "celestial.access.public-reads=true")
class PublicReadsIntegrationTests {

    @LocalServerPort
    int port;

    WebTestClient anonymous() {
        return WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + port).build();
    }

    /** Asserts a 200, with the body in the failure message (a problem detail says what went wrong). */
    void answers(String uri) {
        EntityExchangeResult<String> result = anonymous().get().uri(uri).exchange().expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).as("%s answered %s", uri, result.getResponseBody()).isEqualTo(200);
    }

    @Test
    void queriesAnswerWithoutAKeyWhileIngestionAndAdministrationStillNeedOne() {
        // a context of its own: its first sample of the replica and its first client load may still be under way
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> anonymous().get().uri("/actuator/health/readiness")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        answers("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100");
        answers("/api/v1/impact-risks");
        answers("/fdsnws/event/1/count");
        anonymous().post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue("{}\n".getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isUnauthorized();
        anonymous().get().uri("/api/v1/admin/clients").exchange().expectStatus().isUnauthorized();
        // spelled as routing decodes it, the administration is still not a query
        for (String path : new String[] {"/api/v1/%61dmin/clients", "/api/v1/ad%6Din/clients", "/%61pi/v1/admin/clients"}) {
            anonymous().get().uri(URI.create("http://localhost:" + port + path)).exchange().expectStatus().isUnauthorized();
            anonymous().method(HttpMethod.HEAD).uri(URI.create("http://localhost:" + port + path)).exchange().expectStatus().isUnauthorized();
        }
        // and only GET and HEAD of a query are open
        anonymous().method(HttpMethod.DELETE).uri("/api/v1/impact-risks").exchange().expectStatus().isUnauthorized();
        // a wrong key is still refused rather than treated as no key
        anonymous().get().uri("/api/v1/impact-risks").header("Authorization", "Bearer cel_wrong").exchange().expectStatus().isUnauthorized();
    }
}
