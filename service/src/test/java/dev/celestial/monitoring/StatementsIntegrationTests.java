package dev.celestial.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin top-statements endpoint: what pg_stat_statements holds on the primary, for admin keys only. */
@IntegrationTest
class StatementsIntegrationTests {

    private static final String PATH = "/api/v1/admin/db/statements";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @AfterEach
    void clean() {
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'statements-%'");
    }

    JsonNode get(String uri, String key) {
        byte[] body = web.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }

    @Test
    void adminSeesAnotherRolesStatementAmongTheTopByTotalTime() {
        // run as the owner, not as the writer the endpoint reads with: its text shows only with pg_read_all_stats
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "SELECT pg_sleep(1.2) AS statements_probe_marker");
        String admin = TestKeys.create(port, "statements-admin", "admin");

        JsonNode items = get(PATH + "?limit=100", admin).get("items");

        assertThat(items.size()).isBetween(1, 100);
        JsonNode probe = null;
        List<Double> totals = new ArrayList<>();
        for (JsonNode item : items) {
            totals.add(item.get("totalMs").asDouble());
            assertThat(item.get("query").asString()).isNotEqualTo("<insufficient privilege>").hasSizeLessThanOrEqualTo(1000);
            if (item.get("query").asString().contains("statements_probe_marker")) {
                probe = item;
            }
        }
        assertThat(totals).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(probe).as("the probe statement among %s", items).isNotNull();
        assertThat(probe.get("role").asString()).isEqualTo(TestDatabase.get().user(TestDatabase.Role.OWNER));
        assertThat(probe.get("calls").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(probe.get("totalMs").asDouble()).isGreaterThanOrEqualTo(1000);
        assertThat(probe.get("meanMs").asDouble()).isGreaterThan(0);
        assertThat(probe.get("rows").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(probe.get("queryId").asString()).isNotBlank();
    }

    @Test
    void answersTwentyStatementsByDefault() {
        // enough distinct statements that the default limit, not their number, bounds the answer
        for (int i = 0; i < 25; i++) {
            TestDatabase.get().execute(TestDatabase.Role.OWNER, "SELECT 1 AS statements_default_" + i);
        }
        assertThat(get(PATH, TestKeys.create(port, "statements-default", "admin")).get("items").size()).isEqualTo(20);
    }

    @Test
    void readAndIngestKeysAreForbidden() {
        for (String scope : List.of("read", "ingest")) {
            String key = TestKeys.create(port, "statements-" + scope, scope);
            web.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer not-a-key").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refusesALimitOutsideOneToAHundredNamingIt() {
        String admin = TestKeys.create(port, "statements-limits", "admin");
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "limit=5&limit=6", "top=5")) {
            web.get().uri(PATH + "?" + query).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.parameter").isEqualTo(query.startsWith("top") ? "top" : "limit");
        }
    }
}
