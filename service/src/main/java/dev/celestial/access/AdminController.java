package dev.celestial.access;

import dev.celestial.web.BadParameterException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Key management ({@code admin} scope), on the primary: create a client (its key shown this once),
 * list clients (never keys), revoke, export everything held about a client, and erase it. Each action
 * is written to {@code admin_audit} with its requester, in the action's transaction.
 */
@RestController
@Requires(Scope.ADMIN)
class AdminController {

    private static final Set<String> FIELDS = Set.of("name", "contact", "scopes");
    private static final String CLIENT = """
            SELECT id, name, contact, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
              FROM celestial.api_clients""";

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final ClientRegistry clients;
    private final AdminAudit audit;

    AdminController(@Qualifier("writer") DatabaseClient writer, TransactionalOperator transactions, ClientRegistry clients, AdminAudit audit) {
        this.writer = writer;
        this.transactions = transactions;
        this.clients = clients;
        this.audit = audit;
    }

    record NewClient(UUID id, String name, String contact, List<String> scopes, Instant createdAt, String key) {
    }

    @PostMapping("/api/v1/admin/clients")
    Mono<ResponseEntity<NewClient>> create(@RequestBody JsonNode body, Authentication admin) {
        requireAdmin(admin);
        if (body == null || !body.isObject()) {
            throw new BadParameterException("body", "a JSON object with name, contact and scopes");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new BadParameterException(field, "unknown field; known: name, contact, scopes");
            }
        }
        String name = text(body, "name", 200, true);
        String contact = text(body, "contact", 320, false);
        Set<Scope> scopes = scopes(body.get("scopes"));
        String key = ApiKeys.newKey();
        byte[] hash = ApiKeys.hash(key);
        UUID id = ApiKeys.uuid7();
        List<String> labels = scopes.stream().map(Scope::label).toList();
        var insert = writer.sql("""
                        INSERT INTO celestial.api_clients (id, name, contact, scopes, key_hash)
                        VALUES (:id, :name, :contact, :scopes, :hash) RETURNING created_at""")
                .bind("id", id).bind("name", name).bind("scopes", labels.toArray(String[]::new)).bind("hash", hash);
        insert = contact == null ? insert.bindNull("contact", String.class) : insert.bind("contact", contact);
        return insert.map(row -> row.get("created_at", Instant.class)).one()
                .flatMap(created -> audit.record(AdminAudit.Action.CREATE, id, admin, scopesJson(labels)).thenReturn(created))
                .as(transactions::transactional)
                // only once committed: a key whose insert rolled back must never be accepted
                .doOnNext(created -> clients.added(hash, new Caller(id, name, scopes)))
                .map(created -> ResponseEntity.created(URI.create("/api/v1/admin/clients/" + id))
                        .body(new NewClient(id, name, contact, labels, created, key)));
    }

    @GetMapping("/api/v1/admin/clients")
    Mono<ResponseEntity<String>> list(Authentication admin) {
        requireAdmin(admin);
        return writer.sql("SELECT json_build_object('items', coalesce(json_agg(c ORDER BY c.\"createdAt\"), '[]'))::text AS doc, count(*) AS n FROM ("
                        + CLIENT + ") c")
                .map(row -> Map.entry(row.get("doc", String.class), row.get("n", Long.class))).one()
                .flatMap(listed -> audit.record(AdminAudit.Action.LIST, null, admin, "{\"clients\":" + listed.getValue() + "}")
                        .thenReturn(listed.getKey()))
                .as(transactions::transactional)
                .map(json -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json));
    }

    /** Revokes the client's key; with {@code erase=true} deletes the client, keeping its batches' counts without it. */
    @DeleteMapping("/api/v1/admin/clients/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean erase, Authentication admin) {
        requireAdmin(admin);
        UUID client = uuid(id);
        if (!erase) {
            return writer.sql("UPDATE celestial.api_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id")
                    .bind("id", client).fetch().rowsUpdated()
                    .flatMap(rows -> rows == 0 ? notFound(client)
                            : audit.record(AdminAudit.Action.REVOKE, client, admin, "{}").thenReturn(ResponseEntity.noContent().<Void>build()))
                    .as(transactions::transactional)
                    .doOnSuccess(done -> clients.removed(client));
        }
        Mono<Long> batches = writer.sql("UPDATE celestial.ingestion_batches SET client = NULL, api_client_id = NULL WHERE api_client_id = :id")
                .bind("id", client).fetch().rowsUpdated();
        Mono<Long> deleted = writer.sql("DELETE FROM celestial.api_clients WHERE id = :id").bind("id", client).fetch().rowsUpdated();
        return batches.zipWhen(n -> deleted)
                .flatMap(counts -> counts.getT2() == 0 ? notFound(client)
                        : audit.record(AdminAudit.Action.ERASE, client, admin, "{\"batchesKept\":" + counts.getT1() + "}")
                                .thenReturn(ResponseEntity.noContent().<Void>build()))
                .as(transactions::transactional)
                .doOnSuccess(done -> clients.removed(client));
    }

    /** Everything held about a client: its record, its ingestion batches, and the admin actions on it so far. */
    @GetMapping("/api/v1/admin/clients/{id}/export")
    Mono<ResponseEntity<String>> export(@PathVariable String id, Authentication admin) {
        requireAdmin(admin);
        UUID client = uuid(id);
        return writer.sql("""
                        SELECT json_build_object(
                                 'client', (SELECT row_to_json(c) FROM (%s WHERE id = :id) c),
                                 'ingestionBatches', coalesce((SELECT json_agg(b ORDER BY b."startedAt") FROM (
                                     SELECT id, kind, format, received, inserted, updated, unchanged, started_at AS "startedAt",
                                            duration_ms AS "durationMs", outcome, details
                                       FROM celestial.ingestion_batches WHERE api_client_id = :id) b), '[]'),
                                 'audit', coalesce((SELECT json_agg(a ORDER BY a.at) FROM (
                                     SELECT action, requested_by AS "requestedBy", by_bootstrap_key AS "byBootstrapKey", at, details
                                       FROM celestial.admin_audit WHERE api_client_id = :id) a), '[]'))::text AS doc,
                               EXISTS (SELECT 1 FROM celestial.api_clients WHERE id = :id) AS found""".formatted(CLIENT))
                .bind("id", client)
                .map(row -> Boolean.TRUE.equals(row.get("found", Boolean.class)) ? row.get("doc", String.class) : "")
                .one()
                .flatMap(doc -> doc.isEmpty() ? notFound(client)
                        : audit.record(AdminAudit.Action.EXPORT, client, admin, "{}")
                                .thenReturn(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(doc)))
                .as(transactions::transactional);
    }

    private static String scopesJson(List<String> labels) {
        // labels are the fixed scope names, so they need no escaping
        return "{\"scopes\":[" + String.join(",", labels.stream().map(label -> "\"" + label + "\"").toList()) + "]}";
    }

    /**
     * The access decision already needs {@code admin} for these routes; each handler checks again, so a
     * mistake in routing or in the decision cannot hand key management to another scope.
     */
    static void requireAdmin(Authentication admin) {
        if (admin == null || !admin.isAuthenticated() || !(admin.getPrincipal() instanceof Caller caller)
                || !caller.scopes().contains(Scope.ADMIN)) {
            throw new AccessDeniedException("key management needs the admin scope");
        }
    }

    private static <T> Mono<T> notFound(UUID id) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no API client " + id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("id", "not a UUID");
        }
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new BadParameterException(field, "required");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > max) {
            throw new BadParameterException(field, "a non-blank string of at most " + max + " characters");
        }
        return node.asString().trim();
    }

    private static Set<Scope> scopes(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new BadParameterException("scopes", "a non-empty array of ingest, read, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (JsonNode element : node) {
            Scope scope = element.isString() ? Scope.of(element.asString()) : null;
            if (scope == null) {
                throw new BadParameterException("scopes", "unknown scope " + element + "; known: ingest, read, admin");
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableSet(scopes);
    }
}
