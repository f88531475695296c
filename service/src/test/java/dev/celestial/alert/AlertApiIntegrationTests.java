package dev.celestial.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The alert list, summary and state changes, and trigger management, over HTTP against the real pair. */
@IntegrationTest
class AlertApiIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @BeforeEach
    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.data_triggers WHERE name LIKE 'api %'",
                "DELETE FROM celestial.admin_audit WHERE action LIKE 'trigger_%'",
                "DELETE FROM celestial.api_clients WHERE name = 'stream-quitter'");
    }

    /** Posts the May 2024 flares (X-class: warning) and two quakes (M7+: critical; tsunami M6.5+: critical); answers the token. */
    String ingestSome() {
        String token = web.post().uri("/api/v1/solar-events?format=donki-flr").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.bytes("donki/FLR_2024-05.json")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
        assertThat(token).isNotNull();
        return web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue((AlertTriggersIntegrationTests.ndjson("api-1", 10, 10, 7.2) + AlertTriggersIntegrationTests.ndjson("api-2", 10, 11, 7.4)).getBytes())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    JsonNode get(String uri, String token) {
        return json.readTree(web.get().uri(uri).header("Consistency-Token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void listPagesNewestFirstByCursorAndFilters() {
        String token = ingestSome();
        long total = Rows.count("alerts");
        assertThat(total).isEqualTo(21 + 2);
        List<Long> ids = new ArrayList<>();
        String next = "/api/v1/alerts?limit=7";
        int pages = 0;
        while (next != null) {
            JsonNode page = get(next, token);
            page.path("items").forEach(item -> ids.add(item.path("id").longValue()));
            next = page.path("next").isNull() ? null : URI.create(page.path("next").asString()).getRawPath() + "?"
                    + URI.create(page.path("next").asString()).getRawQuery();
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(ids).hasSize((int) total).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();

        JsonNode critical = get("/api/v1/alerts?severity=critical&kind=earthquake", token);
        assertThat(critical.path("items").size()).isEqualTo(2);
        JsonNode first = critical.path("items").get(0);
        assertThat(first.path("eventRef").asString()).isEqualTo("api-2");
        assertThat(first.path("triggerName").asString()).isEqualTo("Great earthquake (M7+)");
        assertThat(first.path("status").asString()).isEqualTo("open");
        assertThat(first.path("context").path("magnitude").doubleValue()).isEqualTo(7.4);
        assertThat(get("/api/v1/alerts?kind=solar_event&severity=warning&status=open&from=2020-01-01T00:00:00Z", token)
                .path("items").size()).isEqualTo(21);
        assertThat(get("/api/v1/alerts?status=resolved", token).path("items").size()).isZero();

        web.get().uri("/api/v1/alerts?status=closed").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("status");
        web.get().uri("/api/v1/alerts?cursor=abc.def").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("cursor");
        web.get().uri("/api/v1/alerts?colour=red").exchange().expectStatus().isBadRequest();
    }

    @Test
    void summaryCountsUnresolvedAlertsPerKindAndSeverity() {
        String token = ingestSome();
        long alert = (Long) Rows.query("SELECT min(id) AS id FROM celestial.alerts WHERE event_kind = 'earthquake'").get(0).get("id");
        web.post().uri("/api/v1/alerts/" + alert + "/acknowledge").exchange().expectStatus().isOk();
        JsonNode summary = get("/api/v1/alerts/summary", token);
        assertThat(summary.path("items").size()).isEqualTo(2);
        JsonNode quakes = summary.path("items").get(0);
        assertThat(quakes.path("eventKind").asString()).isEqualTo("earthquake");
        assertThat(quakes.path("severity").asString()).isEqualTo("critical");
        // the acknowledgement went to the primary; the replica may not have it yet, so only the total is certain
        assertThat(quakes.path("activeCount").longValue()).isEqualTo(2);
        assertThat(summary.path("items").get(1).path("activeCount").longValue()).isEqualTo(21);
    }

    @Test
    void acknowledgeAndResolveFollowTheAlertsLife() {
        ingestSome();
        long id = (Long) Rows.query("SELECT min(id) AS id FROM celestial.alerts").get(0).get("id");
        JsonNode acknowledged = post("/api/v1/alerts/" + id + "/acknowledge", 200);
        assertThat(acknowledged.path("status").asString()).isEqualTo("acknowledged");
        assertThat(acknowledged.path("acknowledgedAt").isNull()).isFalse();
        // again: unchanged
        assertThat(post("/api/v1/alerts/" + id + "/acknowledge", 200).path("acknowledgedAt")).isEqualTo(acknowledged.path("acknowledgedAt"));
        JsonNode resolved = post("/api/v1/alerts/" + id + "/resolve", 200);
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.path("acknowledgedAt")).isEqualTo(acknowledged.path("acknowledgedAt"));
        // resolving is idempotent; acknowledging a resolved alert is a conflict
        assertThat(post("/api/v1/alerts/" + id + "/resolve", 200).path("resolvedAt")).isEqualTo(resolved.path("resolvedAt"));
        post("/api/v1/alerts/" + id + "/acknowledge", 409);
        // an open alert may be resolved directly
        JsonNode direct = post("/api/v1/alerts/" + (id + 1) + "/resolve", 200);
        assertThat(direct.path("acknowledgedAt").isNull()).isTrue();
        post("/api/v1/alerts/999999/resolve", 404);
        post("/api/v1/alerts/x/resolve", 400);
        assertThat(Rows.query("SELECT status, count(*) AS n FROM celestial.alerts GROUP BY status ORDER BY status").toString())
                .isEqualTo("[{status=open, n=21}, {status=resolved, n=2}]");
    }

    JsonNode post(String uri, int status) {
        String body = web.post().uri(uri).exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body);
    }

    @Test
    void triggersAreManagedValidatedAuditedAndAppliedAtOnce() {
        String created = web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"api shallow\",\"eventKind\":\"earthquake\",\"conditions\":{\"depthKm\":{\"lte\":5}},\"severity\":\"info\"}")
                .exchange().expectStatus().isCreated().expectHeader().valueMatches("Location", "/api/v1/admin/triggers/[0-9]+")
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode trigger = json.readTree(created);
        long id = trigger.path("id").longValue();
        assertThat(trigger.path("enabled").booleanValue()).isTrue();
        assertThat(trigger.path("conditions").path("depthKm").path("lte").intValue()).isEqualTo(5);

        // applied on the next batch, without waiting for the refresh
        String shallow = AlertTriggersIntegrationTests.ndjson("api-shallow", 10, 10, 3.0).replace("\"depthKm\":10", "\"depthKm\":2");
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue(shallow.getBytes()).exchange().expectStatus().isOk();
        assertThat(Rows.count("alerts")).isEqualTo(1);

        // invalid definitions: 422 naming the field, nothing changed
        refused("{\"name\":\"api bad\",\"eventKind\":\"earthquake\",\"conditions\":{\"magnitude\":{\"gte\":\"big\"}}}", "conditions.magnitude.gte");
        refused("{\"name\":\"api bad\",\"eventKind\":\"quake\",\"conditions\":{\"magnitude\":{\"gte\":7}}}", "eventKind");
        refused("{\"name\":\"api bad\",\"eventKind\":\"earthquake\",\"conditions\":{\"magnitude\":{\"gte\":7}},\"severity\":\"dire\"}", "severity");
        refused("{\"name\":\"api bad\",\"eventKind\":\"earthquake\",\"conditions\":{\"magnitude\":{\"gte\":7}},\"colour\":1}", "colour");
        refused("{\"eventKind\":\"earthquake\",\"conditions\":{\"magnitude\":{\"gte\":7}}}", "name");
        // a kind changed alone must fit the stored conditions
        web.patch().uri("/api/v1/admin/triggers/" + id).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"eventKind\":\"solar_event\"}")
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.field").isEqualTo("conditions.depthKm");

        // disabled: no longer raises
        web.patch().uri("/api/v1/admin/triggers/" + id).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"enabled\":false}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(false).jsonPath("$.severity").isEqualTo("info");
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(shallow.replace("api-shallow", "api-shallow-2").getBytes()).exchange().expectStatus().isOk();
        assertThat(Rows.count("alerts")).isEqualTo(1);

        web.put().uri("/api/v1/admin/triggers/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"api deep\",\"eventKind\":\"earthquake\",\"conditions\":{\"depthKm\":{\"gte\":500}}}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("api deep").jsonPath("$.enabled").isEqualTo(true)
                .jsonPath("$.severity").isEqualTo("warning");
        assertThat(get("/api/v1/admin/triggers", null).path("items").findValuesAsString("name")).contains("api deep", "X-class flare");
        web.delete().uri("/api/v1/admin/triggers/" + id).exchange().expectStatus().isNoContent();
        web.delete().uri("/api/v1/admin/triggers/" + id).exchange().expectStatus().isNotFound();
        // the trigger's alerts go with it (foreign key); disabling keeps them
        assertThat(Rows.count("alerts")).isZero();

        String subject = "data_trigger:" + id;
        assertThat(Rows.query("SELECT action, subject, details->>'trigger' AS trigger, by_bootstrap_key FROM celestial.admin_audit"
                + " WHERE subject = '" + subject + "' ORDER BY id").toString()).isEqualTo(
                "[{action=create, subject=" + subject + ", trigger=" + id + ", by_bootstrap_key=false}, {action=update, subject=" + subject
                        + ", trigger=" + id + ", by_bootstrap_key=false}, {action=update, subject=" + subject + ", trigger=" + id
                        + ", by_bootstrap_key=false}, {action=delete, subject=" + subject + ", trigger=" + id + ", by_bootstrap_key=false}]");
    }

    void refused(String body, String field) {
        web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(422).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo(field);
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.data_triggers WHERE name = 'api bad'").get(0).get("n")).isEqualTo(0L);
    }

    @Autowired
    AlertStream stream;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void aClientThatStopsReadingAStreamFreesItsPlace() {
        String key = dev.celestial.support.TestKeys.create(port, "stream-quitter", "read");
        for (int i = 0; i < 20; i++) {
            WebTestClient client = WebTestClient.bindToServer(TestHttp.connector()).responseTimeout(Duration.ofSeconds(10)).build();
            client.get().uri(URI.create("http://localhost:" + port + "/api/v1/alerts/stream"))
                    .header("Authorization", "Bearer " + key)
                    .exchange().returnResult(byte[].class).getResponseBody().take(1).blockLast(Duration.ofSeconds(10));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stream.subscribers()).isZero());
    }
}
