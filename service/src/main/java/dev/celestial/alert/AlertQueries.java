package dev.celestial.alert;

import dev.celestial.db.Where;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.CursorSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The alert reads and state changes, as SQL. Lists are keyset pages on the alert id, newest first; the
 * stream reads forward from an id. Every alert leaves as one JSON document written by the database.
 */
final class AlertQueries {

    static final List<String> STATUSES = List.of("open", "acknowledged", "resolved");
    static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    /** An alert: its id, for paging and the stream, and its JSON document. */
    record Alert(long id, String severity, String eventKind, String json) {
    }

    /** Filters of the list and the stream; any may be null. */
    record Filters(String status, String severity, String kind, Instant from, Instant to) {

        Where where() {
            return new Where().and(status, "a.status = :status", "status")
                    .and(severity, "a.severity = :severity", "severity")
                    .and(kind, "a.event_kind = :kind", "kind")
                    .and(from, "a.created_at >= :from", "from")
                    .and(to, "a.created_at < :to", "to");
        }

        /** Whether every alert passes (no severity or kind filter). */
        boolean all() {
            return severity == null && kind == null;
        }

        boolean matches(Alert alert) {
            return (severity == null || severity.equals(alert.severity())) && (kind == null || kind.equals(alert.eventKind()));
        }
    }

    private static final String DOCUMENT = """
            SELECT a.id, a.severity, a.event_kind, json_build_object(
                     'id', a.id, 'triggerId', a.trigger_id, 'triggerName', t.name, 'eventKind', a.event_kind,
                     'eventRef', a.event_ref, 'severity', a.severity, 'status', a.status, 'context', a.context,
                     'createdAt', a.created_at, 'acknowledgedAt', a.acknowledged_at, 'resolvedAt', a.resolved_at)::text AS doc
              FROM celestial.alerts a
              JOIN celestial.data_triggers t ON t.id = a.trigger_id
             WHERE true""";

    private AlertQueries() {
    }

    /** A page of alerts, newest first, after {@code beforeId} when given. */
    static Flux<Alert> page(DatabaseClient db, Filters filters, Long beforeId, int limit) {
        Where where = filters.where().and(beforeId, "a.id < :beforeId", "beforeId").bind("limit", limit + 1);
        return where.apply(db, DOCUMENT + where.sql() + "\n ORDER BY a.id DESC\n LIMIT :limit").map(AlertQueries::alert).all();
    }

    /** Alerts after {@code afterId} in id (= commit) order, at most {@code limit}. */
    static Flux<Alert> after(DatabaseClient db, long afterId, int limit) {
        return db.sql(DOCUMENT + "\n   AND a.id > :afterId\n ORDER BY a.id\n LIMIT :limit")
                .bind("afterId", afterId).bind("limit", limit).map(AlertQueries::alert).all();
    }

    static Mono<Long> lastId(DatabaseClient db) {
        return db.sql("SELECT coalesce(max(id), 0) AS last FROM celestial.alerts").map(row -> row.get("last", Long.class)).one();
    }

    static Mono<Alert> byId(DatabaseClient db, long id) {
        return db.sql(DOCUMENT + "\n   AND a.id = :id").bind("id", id).map(AlertQueries::alert).one();
    }

    /** What a state change found: the alert's status before it, or empty when there is no such alert. */
    static Mono<String> statusForUpdate(DatabaseClient writer, long id) {
        return writer.sql("SELECT status FROM celestial.alerts WHERE id = :id FOR UPDATE").bind("id", id)
                .map(row -> row.get("status", String.class)).one();
    }

    static Mono<Long> acknowledge(DatabaseClient writer, long id) {
        return writer.sql("UPDATE celestial.alerts SET status = 'acknowledged', acknowledged_at = now() WHERE id = :id AND status = 'open'")
                .bind("id", id).fetch().rowsUpdated();
    }

    static Mono<Long> resolve(DatabaseClient writer, long id) {
        return writer.sql("UPDATE celestial.alerts SET status = 'resolved', resolved_at = now() WHERE id = :id AND status <> 'resolved'")
                .bind("id", id).fetch().rowsUpdated();
    }

    private static Alert alert(io.r2dbc.spi.Readable row) {
        return new Alert(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class), row.get(3, String.class));
    }

    /** Where the previous page stopped; signed, so it comes back as written. */
    static String cursor(long lastId, CursorSigner signer) {
        return signer.sign(("alerts\n" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    static long cursor(String text, CursorSigner signer) {
        String[] parts = new String(signer.verify(text), StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length == 2 && parts[0].equals("alerts")) {
            try {
                return Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                // falls through to the refusal
            }
        }
        throw new BadParameterException("cursor", "not a cursor of the alert list");
    }
}
