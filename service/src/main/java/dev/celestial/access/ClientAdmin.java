package dev.celestial.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Key management on the primary: create a client (its key given out this once), list clients (never
 * keys), revoke, export everything held about a client, and erase it. Each action is written to
 * {@code admin_audit} with its requester, in the action's transaction; the key registry learns of a
 * change only once it is committed.
 */
@Service
class ClientAdmin {

    private static final String CLIENT = """
            SELECT id, name, contact, scopes, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
              FROM celestial.api_clients""";

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final ClientRegistry clients;
    private final AdminAudit audit;

    ClientAdmin(@Qualifier("writer") DatabaseClient writer, TransactionalOperator transactions, ClientRegistry clients, AdminAudit audit) {
        this.writer = writer;
        this.transactions = transactions;
        this.clients = clients;
        this.audit = audit;
    }

    record NewClient(UUID id, String name, String contact, List<String> scopes, Instant createdAt, String key) {
    }

    Mono<NewClient> create(ClientRequest request, Authentication admin) {
        String key = ApiKeys.newKey();
        byte[] hash = ApiKeys.hash(key);
        UUID id = ApiKeys.uuid7();
        List<String> labels = request.scopes().stream().map(Scope::label).toList();
        var insert = writer.sql("""
                        INSERT INTO celestial.api_clients (id, name, contact, scopes, key_hash)
                        VALUES (:id, :name, :contact, :scopes, :hash) RETURNING created_at""")
                .bind("id", id).bind("name", request.name()).bind("scopes", labels.toArray(String[]::new)).bind("hash", hash);
        insert = request.contact() == null ? insert.bindNull("contact", String.class) : insert.bind("contact", request.contact());
        return insert.map(row -> row.get("created_at", Instant.class)).one()
                .flatMap(created -> audit.record(AdminAudit.Action.CREATE, id, admin, scopesJson(labels)).thenReturn(created))
                .as(transactions::transactional)
                // only once committed: a key whose insert rolled back must never be accepted
                .doOnNext(created -> clients.added(hash, new Caller(id, request.name(), request.scopes())))
                .map(created -> new NewClient(id, request.name(), request.contact(), labels, created, key));
    }

    /** Every client as {@code {"items":[...]}}, oldest first. */
    Mono<String> list(Authentication admin) {
        return writer.sql("SELECT json_build_object('items', coalesce(json_agg(c ORDER BY c.\"createdAt\"), '[]'))::text AS doc, count(*) AS n FROM ("
                        + CLIENT + ") c")
                .map(row -> Map.entry(row.get("doc", String.class), row.get("n", Long.class))).one()
                .flatMap(listed -> audit.record(AdminAudit.Action.LIST, null, admin, "{\"clients\":" + listed.getValue() + "}")
                        .thenReturn(listed.getKey()))
                .as(transactions::transactional);
    }

    /** Revokes the client's key; false when there is no such client. */
    Mono<Boolean> revoke(UUID client, Authentication admin) {
        return writer.sql("UPDATE celestial.api_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = :id")
                .bind("id", client).fetch().rowsUpdated()
                .flatMap(rows -> rows == 0 ? Mono.<Boolean>error(new NotFound())
                        : audit.record(AdminAudit.Action.REVOKE, client, admin, "{}").thenReturn(true))
                .as(transactions::transactional)
                .doOnSuccess(done -> clients.removed(client))
                .onErrorResume(NotFound.class, none -> Mono.just(false));
    }

    /** Deletes the client, keeping its batches' counts without it; false (and nothing changed) when there is no such client. */
    Mono<Boolean> erase(UUID client, Authentication admin) {
        Mono<Long> batches = writer.sql("UPDATE celestial.ingestion_batches SET client = NULL, api_client_id = NULL WHERE api_client_id = :id")
                .bind("id", client).fetch().rowsUpdated();
        Mono<Long> deleted = writer.sql("DELETE FROM celestial.api_clients WHERE id = :id").bind("id", client).fetch().rowsUpdated();
        return batches.zipWhen(n -> deleted)
                .flatMap(counts -> counts.getT2() == 0 ? Mono.<Boolean>error(new NotFound())
                        : audit.record(AdminAudit.Action.ERASE, client, admin, "{\"batchesKept\":" + counts.getT1() + "}").thenReturn(true))
                .as(transactions::transactional)
                .doOnSuccess(done -> clients.removed(client))
                .onErrorResume(NotFound.class, none -> Mono.just(false));
    }

    /** Everything held about a client: its record, its ingestion batches, and the admin actions on it so far; empty when there is no such client. */
    Mono<String> export(UUID client, Authentication admin) {
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
                .flatMap(doc -> doc.isEmpty() ? Mono.<String>error(new NotFound())
                        : audit.record(AdminAudit.Action.EXPORT, client, admin, "{}").thenReturn(doc))
                .as(transactions::transactional)
                .onErrorResume(NotFound.class, none -> Mono.empty());
    }

    private static String scopesJson(List<String> labels) {
        // labels are the fixed scope names, so they need no escaping
        return "{\"scopes\":[" + String.join(",", labels.stream().map(label -> "\"" + label + "\"").toList()) + "]}";
    }

    /** No such client: rolls the action's transaction back, then answers as not found. */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super("no such API client", null, false, false);
        }
    }
}
