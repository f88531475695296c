package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API keys and scopes on every endpoint (fault scenario 7), key management, export and erasure. */
@IntegrationTest
@Tag("fault")
class AccessIntegrationTests {

    static final String QUAKE = "{\"sourceId\":\"acc1\",\"time\":\"2024-01-01T00:00:00Z\",\"updated\":\"2024-01-01T00:00:00Z\","
            + "\"latitude\":1,\"longitude\":1,\"depthKm\":10,\"magnitude\":4}";

    /** A request, and the scope it needs. */
    record Call(HttpMethod method, String path, MediaType type, byte[] body, Scope needs) {

        static Call read(String path) {
            return new Call(HttpMethod.GET, path, null, null, Scope.READ);
        }

        static Call ingest(String path, MediaType type, byte[] body) {
            return new Call(HttpMethod.POST, path, type, body, Scope.INGEST);
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'access-%'");
    }

    JsonNode create(String name, String... scopes) {
        String body = "{\"name\":\"" + name + "\",\"contact\":\"" + name + "@example.org\",\"scopes\":" + json.writeValueAsString(scopes) + "}";
        return json.readTree(web.post().uri("/api/v1/admin/clients").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
    }

    @LocalServerPort
    int port;

    /** {@code key} null sends no {@code Authorization} header at all; "" sends an empty one. */
    WebTestClient.ResponseSpec send(Call call, String key) {
        // the shared client adds the tests' own key to a request without the header; a bare one does not
        WebTestClient client = key == null ? WebTestClient.bindToServer(TestHttp.connector()).baseUrl("http://localhost:" + port).build() : web;
        WebTestClient.RequestBodySpec request = client.method(call.method()).uri(call.path());
        if (key != null) {
            request.header(HttpHeaders.AUTHORIZATION, key.isEmpty() ? "" : "Bearer " + key);
        }
        if (call.body() != null) {
            request.contentType(call.type()).bodyValue(call.body());
        }
        return request.exchange();
    }

    static List<Call> everyEndpoint(String clientId) {
        byte[] ndjson = (QUAKE + "\n").getBytes(StandardCharsets.UTF_8);
        return List.of(
                Call.ingest("/api/v1/earthquakes", MediaType.APPLICATION_NDJSON, ndjson),
                Call.ingest("/api/v1/earthquakes?format=usgs-geojson", MediaType.APPLICATION_JSON, Fixtures.bytes("usgs/significant_month_2020-06.geojson")),
                Call.ingest("/api/v1/solar-events?format=donki-flr", MediaType.APPLICATION_JSON, Fixtures.bytes("donki/FLR_2024-05.json")),
                Call.ingest("/api/v1/ephemeris", MediaType.APPLICATION_NDJSON, ndjson),
                Call.ingest("/api/v1/orbital-elements", MediaType.APPLICATION_NDJSON, ndjson),
                Call.ingest("/api/v1/impact-risks", MediaType.APPLICATION_NDJSON, ndjson),
                Call.ingest("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, ndjson),
                Call.ingest("/api/v1/meteor-showers", MediaType.APPLICATION_NDJSON, ndjson),
                Call.read("/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100"),
                Call.read("/api/v1/earthquakes?minLat=0&maxLat=1&minLon=0&maxLon=1"),
                Call.read("/api/v1/earthquakes/acc1"),
                Call.read("/api/v1/earthquakes/significant"),
                Call.read("/api/v1/volcanic-activity/nearby?lat=0&lon=0&radiusKm=100"),
                Call.read("/api/v1/ephemeris/Ceres"),
                Call.read("/api/v1/orbital-elements/Ceres"),
                Call.read("/api/v1/orbital-elements?interstellar=true"),
                Call.read("/api/v1/impact-risks"),
                Call.read("/api/v1/solar-events?minClass=M1.0"),
                Call.read("/fdsnws/event/1/query?format=text&limit=1"),
                Call.read("/fdsnws/event/1/count"),
                Call.read("/fdsnws/event/1/version"),
                new Call(HttpMethod.GET, "/api/v1/admin/clients", null, null, Scope.ADMIN),
                new Call(HttpMethod.POST, "/api/v1/admin/clients", MediaType.APPLICATION_JSON,
                        "{\"name\":\"access-x\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8), Scope.ADMIN),
                new Call(HttpMethod.GET, "/api/v1/admin/clients/" + clientId + "/export", null, null, Scope.ADMIN),
                new Call(HttpMethod.DELETE, "/api/v1/admin/clients/" + clientId, null, null, Scope.ADMIN));
    }

    @Test
    void everyEndpointRefusesAMissingARevokedAndAWrongScopeKeyAndWritesNothing() {
        String ingest = create("access-ingest", "ingest").path("key").asString();
        String read = create("access-read", "read").path("key").asString();
        String admin = create("access-admin", "admin").path("key").asString();
        JsonNode revoked = create("access-revoked", "ingest", "read", "admin");
        web.delete().uri("/api/v1/admin/clients/" + revoked.path("id").asString()).exchange().expectStatus().isNoContent();
        Map<Scope, String> wrongScope = Map.of(Scope.INGEST, read, Scope.READ, ingest, Scope.ADMIN, ingest);
        long clientsBefore = Rows.count("api_clients");

        List<Call> endpoints = everyEndpoint(revoked.path("id").asString());
        int unauthorized = 0;
        int forbidden = 0;
        for (Call call : endpoints) {
            for (String key : new String[] {null, "", revoked.path("key").asString(), "cel_not-a-key"}) {
                send(call, key).expectStatus().isUnauthorized()
                        .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"celestial\".*")
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
                unauthorized++;
            }
            send(call, wrongScope.get(call.needs())).expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("needs scope " + call.needs().label());
            forbidden++;
        }
        long written = 0;
        for (String table : List.of("earthquakes", "solar_events", "ephemeris_vectors", "orbital_elements", "impact_risks",
                "volcanic_activity", "meteor_showers")) {
            written += Rows.count(table);
        }
        System.out.printf("fault auth: endpoints=%d requests=%d refused 401 (no header, empty, revoked, unknown key)=%d"
                + " refused 403 (wrong scope)=%d records written=%d%n", endpoints.size(), unauthorized + forbidden, unauthorized,
                forbidden, written);
        assertThat(written).isZero();
        assertThat(Rows.count("api_clients")).isEqualTo(clientsBefore);
        // the bootstrap key manages keys, nothing else
        send(everyEndpoint("x").get(0), TestKeys.ADMIN).expectStatus().isForbidden();
        send(Call.read("/api/v1/impact-risks"), TestKeys.ADMIN).expectStatus().isForbidden();
        send(new Call(HttpMethod.GET, "/api/v1/admin/clients", null, null, Scope.ADMIN), admin).expectStatus().isOk();
        // the probes stay open
        send(new Call(HttpMethod.GET, "/actuator/health/liveness", null, null, null), null).expectStatus().isOk();
        send(new Call(HttpMethod.GET, "/actuator/health/readiness", null, null, null), null).expectStatus().isOk();
    }

    @Test
    void aClientIsCreatedWithItsKeyShownOnceListedWithoutItAndRevokedAtOnce() {
        JsonNode created = create("access-station", "ingest", "read");
        String key = created.path("key").asString();
        UUID id = UUID.fromString(created.path("id").asString());
        assertThat(id.version()).isEqualTo(7);
        assertThat(key).startsWith("cel_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(created.path("scopes").toString()).isEqualTo("[\"ingest\",\"read\"]");

        String list = web.get().uri("/api/v1/admin/clients").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(list).contains(id.toString(), "access-station@example.org").doesNotContain(key).doesNotContain("key");
        assertThat(Rows.query("SELECT encode(key_hash, 'hex') AS h FROM celestial.api_clients WHERE id = '" + id + "'").get(0).get("h"))
                .isNotEqualTo(key).asString().hasSize(64);

        Call post = Call.ingest("/api/v1/earthquakes", MediaType.APPLICATION_NDJSON, (QUAKE + "\n").getBytes(StandardCharsets.UTF_8));
        send(post, key).expectStatus().isOk();
        assertThat(Rows.query("SELECT api_client_id::text AS c FROM celestial.ingestion_batches WHERE kind = 'earthquakes'"))
                .contains(Map.of("c", id.toString()));
        web.delete().uri("/api/v1/admin/clients/" + id).exchange().expectStatus().isNoContent();
        send(post, key).expectStatus().isUnauthorized();
        web.delete().uri("/api/v1/admin/clients/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    void aKeyRevokedByAnotherInstanceStopsWorkingWithinOneRefresh() {
        String key = create("access-elsewhere", "read").path("key").asString();
        send(Call.read("/api/v1/impact-risks"), key).expectStatus().isOk();
        // what another instance's DELETE does: the row alone, not this instance's memory
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "UPDATE celestial.api_clients SET revoked_at = now() WHERE name = 'access-elsewhere'");
        Awaitility.await().atMost(Duration.ofMillis(1000)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> send(Call.read("/api/v1/impact-risks"), key).expectStatus().isUnauthorized());
        assertThat(Rows.query("SELECT last_used_at IS NOT NULL AS used FROM celestial.api_clients WHERE name = 'access-elsewhere'"))
                .containsExactly(Map.of("used", true));
    }

    @Test
    void exportHoldsEverythingAboutAClientAndErasureKeepsItsBatchesWithoutIt() {
        JsonNode created = create("access-erased", "ingest");
        String id = created.path("id").asString();
        send(Call.ingest("/api/v1/earthquakes", MediaType.APPLICATION_NDJSON, (QUAKE + "\n").getBytes(StandardCharsets.UTF_8)),
                created.path("key").asString()).expectStatus().isOk();

        JsonNode export = json.readTree(web.get().uri("/api/v1/admin/clients/" + id + "/export").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(export.path("client").path("name").asString()).isEqualTo("access-erased");
        assertThat(export.path("client").path("contact").asString()).isEqualTo("access-erased@example.org");
        assertThat(export.path("ingestionBatches").size()).isEqualTo(1);
        assertThat(export.path("ingestionBatches").get(0).path("inserted").asLong()).isEqualTo(1);

        web.delete().uri("/api/v1/admin/clients/" + id + "?erase=true").exchange().expectStatus().isNoContent();
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.api_clients WHERE id = '" + id + "'")).containsExactly(Map.of("n", 0L));
        assertThat(Rows.query("SELECT inserted, api_client_id FROM celestial.ingestion_batches WHERE kind = 'earthquakes' AND inserted = 1"))
                .anySatisfy(row -> assertThat(row.get("api_client_id")).isNull());
        assertThat(Rows.query("SELECT action FROM celestial.admin_audit WHERE api_client_id = '" + id + "' ORDER BY id"))
                .containsExactly(Map.of("action", "create"), Map.of("action", "export"), Map.of("action", "erase"));
        web.get().uri("/api/v1/admin/clients/" + id + "/export").exchange().expectStatus().isNotFound();
    }

    JsonNode admin(HttpMethod method, String path, String body, String key, int status) {
        Call call = new Call(method, path, body == null ? null : MediaType.APPLICATION_JSON,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), Scope.ADMIN);
        String answer = send(call, key).expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        return answer == null ? null : json.readTree(answer);
    }

    @Test
    void everyAdminActionIsAuditedWithItsRequesterTheBootstrapKeyAsSuch() {
        JsonNode auditor = admin(HttpMethod.POST, "/api/v1/admin/clients", "{\"name\":\"access-auditor\",\"scopes\":[\"admin\"]}",
                TestKeys.ADMIN, 201);
        String by = auditor.path("id").asString();
        String key = auditor.path("key").asString();
        String bootstrapLists = "SELECT count(*) AS n FROM celestial.admin_audit WHERE action = 'list' AND by_bootstrap_key";
        long listsBefore = (Long) Rows.query(bootstrapLists).get(0).get("n");
        admin(HttpMethod.GET, "/api/v1/admin/clients", null, TestKeys.ADMIN, 200);

        String subject = admin(HttpMethod.POST, "/api/v1/admin/clients", "{\"name\":\"access-subject\",\"scopes\":[\"read\",\"ingest\"]}",
                key, 201).path("id").asString();
        admin(HttpMethod.GET, "/api/v1/admin/clients", null, key, 200);
        JsonNode export = admin(HttpMethod.GET, "/api/v1/admin/clients/" + subject + "/export", null, key, 200);
        admin(HttpMethod.DELETE, "/api/v1/admin/clients/" + subject, null, key, 204);
        admin(HttpMethod.DELETE, "/api/v1/admin/clients/" + subject + "?erase=true", null, key, 204);

        assertThat(Rows.query("""
                SELECT action, api_client_id::text AS subject, requested_by::text AS by, by_bootstrap_key AS bootstrap,
                       CASE WHEN action = 'list' THEN jsonb_typeof(details -> 'clients') ELSE details::text END AS details
                  FROM celestial.admin_audit WHERE api_client_id IN ('%s', '%s') OR requested_by = '%s' ORDER BY id""".formatted(by, subject, by)))
                .map(row -> row.get("action") + " " + row.get("subject") + " " + row.get("by") + " " + row.get("bootstrap") + " " + row.get("details"))
                .containsExactly(
                        "create " + by + " null true {\"scopes\": [\"admin\"]}",
                        "create " + subject + " " + by + " false {\"scopes\": [\"ingest\", \"read\"]}",
                        "list null " + by + " false number",
                        "export " + subject + " " + by + " false {}",
                        "revoke " + subject + " " + by + " false {}",
                        "erase " + subject + " " + by + " false {\"batchesKept\": 0}");
        assertThat(Rows.query(bootstrapLists)).containsExactly(Map.of("n", listsBefore + 1));
        // the export shows the audit so far: the subject's creation, by whom
        assertThat(export.path("audit").size()).isEqualTo(1);
        assertThat(export.path("audit").get(0).path("action").asString()).isEqualTo("create");
        assertThat(export.path("audit").get(0).path("requestedBy").asString()).isEqualTo(by);
        assertThat(export.path("audit").get(0).path("byBootstrapKey").asBoolean()).isFalse();
    }

    @Test
    void badClientDefinitionsAreRefusedNamingTheField() {
        Map<String, String> bad = Map.of(
                "{\"scopes\":[\"read\"]}", "name",
                "{\"name\":\"access-a\",\"scopes\":[\"root\"]}", "scopes",
                "{\"name\":\"access-a\",\"scopes\":[]}", "scopes",
                "{\"name\":\"access-a\",\"scopes\":[\"read\"],\"key\":\"mine\"}", "key",
                "{\"name\":\"" + "n".repeat(201) + "\",\"scopes\":[\"read\"]}", "name",
                "{\"name\":7,\"scopes\":[\"read\"]}", "name");
        bad.forEach((body, field) -> web.post().uri("/api/v1/admin/clients").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.parameter").isEqualTo(field));
        assertThat(Rows.query("SELECT count(*) AS n FROM celestial.api_clients WHERE name LIKE 'access-%'")).containsExactly(Map.of("n", 0L));
    }
}
