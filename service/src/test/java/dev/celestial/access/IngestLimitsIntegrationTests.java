package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** A client over its records-per-second limit gets 429 with Retry-After, and its refused batch writes nothing. */
@IntegrationTest
@TestPropertySource(properties = "celestial.access.ingest-rows-per-second=5")
@CleanEventTables
class IngestLimitsIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Test
    void aBatchOverTheRecordRateIsLetInWholeAndTheNextWaitsForTheDebtToRefill() {
        String key = json.readTree(web.post().uri("/api/v1/admin/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"limits-station\",\"scopes\":[\"ingest\"]}").exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody()).path("key").asString();
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append("{\"sourceId\":\"lim").append(i).append("\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"2024-01-01T00:00:00Z\",")
                    .append("\"latitude\":1,\"longitude\":1,\"depthKm\":10,\"magnitude\":4}\n");
        }
        byte[] body = ten.toString().getBytes(StandardCharsets.UTF_8);
        web.post().uri("/api/v1/earthquakes").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(body).exchange().expectStatus().isOk();
        TestDatabase.get().cleanEventTables();

        String retryAfter = web.post().uri("/api/v1/earthquakes").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_NDJSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class).getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        // 10 records at 5 per second: about a second of debt
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 2L);
        assertThat(Rows.count("earthquakes")).isZero();
        // another client is not held back by this one
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue(body).exchange().expectStatus().isOk();
    }
}
