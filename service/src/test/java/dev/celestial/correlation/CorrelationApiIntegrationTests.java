package dev.celestial.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Admin CRUD of rules with validation and audit, backfill over history, and GET /api/v1/correlations. */
@IntegrationTest
class CorrelationApiIntegrationTests {

    static final String RULES = "/api/v1/admin/correlation-rules";
    static final String AFTERSHOCKS = """
            {"name": "test-aftershocks", "description": "M4+ within 2 h and 100 km after an M5+",
             "rule": {"first": {"kind": "earthquake", "minMagnitude": 5}, "second": {"kind": "earthquake", "minMagnitude": 4},
                      "withinHours": 2, "withinKm": 100}}""";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.correlation_rules WHERE name LIKE 'test-%'");
    }

    /** The last ingest's Consistency-Token: reads carry it, so the replica has seen what the test wrote. */
    String token;

    JsonNode send(String method, String uri, String body, int status) {
        WebTestClient.RequestBodySpec request = web.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri);
        if (token != null && method.equals("GET")) {
            request.header("Consistency-Token", token);
        }
        WebTestClient.ResponseSpec response = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        String answer = response.expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        return answer == null ? null : json.readTree(answer);
    }

    void quakes(String ndjson) {
        token = web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(ndjson.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    static String quake(String id, String time, double lat, double lon, double magnitude) {
        return CorrelationIngestIntegrationTests.quake(id, time, lat, lon, magnitude);
    }

    List<String> audit(long id) {
        List<String> actions = new ArrayList<>();
        Rows.query("SELECT action FROM celestial.admin_audit WHERE subject = 'correlation_rule:" + id + "' ORDER BY id")
                .forEach(row -> actions.add((String) row.get("action")));
        return actions;
    }

    @Test
    void aCreatedRuleIsEvaluatedAtOnceAndEveryChangeIsAudited() {
        JsonNode created = send("POST", RULES, AFTERSHOCKS, 201);
        long id = created.path("id").longValue();
        assertThat(created.path("enabled").booleanValue()).isTrue();
        assertThat(created.path("rule").path("withinKm").doubleValue()).isEqualTo(100.0);
        assertThat(send("GET", RULES, null, 200).path("items").findValuesAsString("name")).contains("test-aftershocks",
                "Earthquakes after X-class flares");

        // the main shock and two aftershocks in one batch; the far one and the late one do not count, nor the shock with itself
        quakes(quake("main", "2024-03-01T00:00:00Z", 10, 20, 5.5) + quake("after1", "2024-03-01T00:30:00Z", 10.3, 20, 4.2)
                + quake("far", "2024-03-01T00:30:00Z", 12, 20, 4.2) + quake("late", "2024-03-01T03:00:00Z", 10, 20, 4.8));
        JsonNode found = send("GET", "/api/v1/correlations?rule=" + id, null, 200);
        assertThat(found.path("items").findValuesAsString("secondRef")).containsExactly("after1");
        assertThat(found.path("items").path(0).path("timeDeltaHours").doubleValue()).isEqualTo(0.5);

        send("PATCH", RULES + "/" + id, "{\"enabled\": false}", 200);
        quakes(quake("after2", "2024-03-01T01:00:00Z", 10.1, 20.1, 4.0));
        assertThat(send("GET", "/api/v1/correlations?rule=" + id, null, 200).path("items").size()).isEqualTo(1);

        // a new definition drops the old pairs; a backfill finds the new ones
        JsonNode replaced = send("PUT", RULES + "/" + id, AFTERSHOCKS.replace("\"withinHours\": 2", "\"withinHours\": 4"), 200);
        assertThat(replaced.path("rule").path("withinHours").doubleValue()).isEqualTo(4.0);
        assertThat(Rows.count("event_correlations")).isZero();
        JsonNode backfill = send("POST", RULES + "/" + id + "/backfill", null, 200);
        assertThat(backfill.path("inserted").longValue()).isEqualTo(3);
        assertThat(backfill.path("batches").longValue()).isPositive();
        assertThat(send("POST", RULES + "/" + id + "/backfill", null, 200).path("inserted").longValue()).as("again").isZero();
        assertThat(send("GET", "/api/v1/correlations?rule=" + id, null, 200).path("items").findValuesAsString("secondRef"))
                .containsExactlyInAnyOrder("after1", "after2", "late");

        send("DELETE", RULES + "/" + id, null, 204);
        send("DELETE", RULES + "/" + id, null, 404);
        send("PATCH", RULES + "/" + id, "{\"enabled\": true}", 404);
        assertThat(audit(id)).containsExactly("create", "update", "update", "backfill", "backfill", "delete");
    }

    @Test
    void aChunkNoEnabledRuleNamesCostsNoStatementOnTheCorrelations() throws Exception {
        List<Long> examples = new ArrayList<>();
        send("GET", RULES, null, 200).path("items").forEach(rule -> examples.add(rule.path("id").longValue()));
        try {
            examples.forEach(id -> send("PATCH", RULES + "/" + id, "{\"enabled\": false}", 200));
            // with the correlations locked against any write, quakes still go in: nothing tried to write there
            try (java.sql.Connection lock = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE celestial.event_correlations IN ACCESS EXCLUSIVE MODE");
                quakes(quake("alone", "2024-03-01T00:00:00Z", 10, 20, 7.5));
                lock.rollback();
            }
        } finally {
            examples.forEach(id -> send("PATCH", RULES + "/" + id, "{\"enabled\": true}", 200));
        }
        assertThat(Rows.count("earthquakes")).isEqualTo(1);
    }

    @Test
    void aChunkBelowEveryThresholdOfItsKindCostsNoStatementOnTheCorrelations() throws Exception {
        // the example rules are enabled; the lowest earthquake threshold among them is M6
        try (java.sql.Connection lock = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE celestial.event_correlations IN ACCESS EXCLUSIVE MODE");
            quakes(quake("small-1", "2024-03-01T00:00:00Z", 10, 20, 5.9) + quake("small-2", "2024-03-01T01:00:00Z", 10, 20, 2.1));
            lock.rollback();
        }
        assertThat(Rows.count("earthquakes")).isEqualTo(2);
    }

    @Test
    void invalidRulesAre422NamingTheField() {
        assertThat(send("POST", RULES, AFTERSHOCKS.replace("\"minMagnitude\": 5", "\"minMagnitude\": 50"), 422).path("field").asString())
                .isEqualTo("rule.first.minMagnitude");
        assertThat(send("POST", RULES, AFTERSHOCKS.replace("\"kind\": \"earthquake\", \"minMagnitude\": 4", "\"kind\": \"solar_event\""), 422)
                .path("field").asString()).isEqualTo("rule.withinKm");
        assertThat(send("POST", RULES, "{\"name\": \"test-x\"}", 422).path("field").asString()).isEqualTo("rule");
        assertThat(send("POST", RULES, "{\"name\": \"test-x\", \"owner\": 1}", 422).path("field").asString()).isEqualTo("owner");
        assertThat(send("PATCH", RULES + "/1", "{\"enabled\": \"yes\"}", 422).path("field").asString()).isEqualTo("enabled");
        assertThat(send("PATCH", RULES + "/abc", "{}", 400).path("parameter").asString()).isEqualTo("id");
        send("POST", RULES, AFTERSHOCKS, 201);
        send("POST", RULES, AFTERSHOCKS, 409);
        assertThat(Rows.count("correlation_rules")).isEqualTo(4);
    }

    @Test
    void correlationsFilterByEventOnEitherSideAndPageByCursor() {
        long id = send("POST", RULES, AFTERSHOCKS, 201).path("id").longValue();
        quakes(quake("m1", "2024-03-01T00:00:00Z", 10, 20, 5.5) + quake("a1", "2024-03-01T00:10:00Z", 10, 20, 4.5)
                + quake("a2", "2024-03-01T00:20:00Z", 10, 20, 4.5) + quake("a3", "2024-03-01T00:30:00Z", 10, 20, 5.1));
        // m1 -> a1, a2, a3; a3 (M5.1) is a main shock too, with nothing after it
        List<String> pairs = new ArrayList<>();
        String next = "/api/v1/correlations?rule=" + id + "&limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = send("GET", next.replaceFirst("^https?://[^/]+", ""), null, 200);
            page.path("items").forEach(item -> pairs.add(item.path("firstRef").asString() + ">" + item.path("secondRef").asString()));
            next = page.path("next").isNull() ? null : page.path("next").asString();
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(pairs).containsExactlyInAnyOrder("m1>a1", "m1>a2", "m1>a3");
        assertThat(send("GET", "/api/v1/correlations?kind=earthquake&ref=a2", null, 200).path("items").findValuesAsString("firstRef"))
                .containsExactly("m1");
        assertThat(send("GET", "/api/v1/correlations?kind=earthquake&ref=m1&rule=" + id, null, 200).path("items").size()).isEqualTo(3);
        assertThat(send("GET", "/api/v1/correlations?kind=earthquake", null, 400).path("parameter").asString()).isEqualTo("ref");
        assertThat(send("GET", "/api/v1/correlations?kind=comet&ref=x", null, 400).path("parameter").asString()).isEqualTo("kind");
        assertThat(send("GET", "/api/v1/correlations?from=2000-01-01&to=2000-01-02", null, 200).path("items").size()).isZero();
        assertThat(send("GET", "/api/v1/correlations?cursor=abc.def", null, 400).path("parameter").asString()).isEqualTo("cursor");
    }
}
