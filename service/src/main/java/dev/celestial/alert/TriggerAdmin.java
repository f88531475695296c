package dev.celestial.alert;

import dev.celestial.access.AdminAudit;
import dev.celestial.web.InvalidFieldException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trigger management, on the primary: every change is validated by the same compiler the evaluator
 * uses (so an invalid condition is refused here, 422 naming its field, never met at evaluation),
 * audited in {@code admin_audit} in its own transaction, and applied to this instance's evaluator at
 * once (other instances within {@code celestial.alerts.trigger-refresh}).
 */
@Service
class TriggerAdmin {

    static final Set<String> FIELDS = Set.of("name", "eventKind", "conditions", "severity", "enabled");
    private static final String DOCUMENT = """
            json_build_object('id', id, 'name', name, 'eventKind', event_kind, 'conditions', conditions, 'severity', severity,
                              'enabled', enabled, 'createdAt', created_at, 'updatedAt', updated_at)""";

    /** A trigger as a request gives it; on a partial update the fields not given are null. */
    record Definition(String name, String eventKind, JsonNode conditions, String severity, Boolean enabled) {
    }

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final AdminAudit audit;
    private final TriggerEvaluator evaluator;
    private final EventKinds kinds;
    private final JsonMapper json;

    TriggerAdmin(@Qualifier("writer") DatabaseClient writer, @Qualifier("writerTransactions") TransactionalOperator transactions,
                 AdminAudit audit, TriggerEvaluator evaluator, EventKinds kinds, JsonMapper json) {
        this.writer = writer;
        this.kinds = kinds;
        this.transactions = transactions;
        this.audit = audit;
        this.evaluator = evaluator;
        this.json = json;
    }

    Mono<String> list() {
        return writer.sql("SELECT coalesce(json_agg(" + DOCUMENT + " ORDER BY id), '[]')::text AS doc FROM celestial.data_triggers")
                .map(row -> "{\"items\":" + row.get("doc", String.class) + "}").one();
    }

    Mono<String> get(long id) {
        return writer.sql("SELECT " + DOCUMENT + "::text AS doc FROM celestial.data_triggers WHERE id = :id").bind("id", id).map(row -> row.get("doc", String.class)).one()
                .switchIfEmpty(notFound(id));
    }

    Mono<String> create(JsonNode body, Authentication admin) {
        Definition definition = read(body, false);
        return writer.sql("""
                        INSERT INTO celestial.data_triggers (name, event_kind, conditions, severity, enabled)
                        VALUES (:name, :kind, :conditions::jsonb, :severity, :enabled) RETURNING id""")
                .bind("name", definition.name()).bind("kind", definition.eventKind())
                .bind("conditions", definition.conditions().toString())
                .bind("severity", definition.severity() == null ? "warning" : definition.severity())
                .bind("enabled", definition.enabled() == null || definition.enabled())
                .map(row -> row.get("id", Long.class)).one()
                .flatMap(id -> audited(AdminAudit.Action.CREATE, id, admin))
                .as(transactions::transactional)
                .doOnSuccess(done -> evaluator.changed());
    }

    /** @param partial PATCH: fields not given keep their value; PUT: name, eventKind and conditions are required */
    Mono<String> update(long id, JsonNode body, boolean partial, Authentication admin) {
        Definition given = read(body, partial);
        return writer.sql("SELECT name, event_kind, conditions::text AS conditions, severity, enabled FROM celestial.data_triggers WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(row -> new Definition(row.get("name", String.class), row.get("event_kind", String.class),
                        json.readTree(row.get("conditions", String.class)), row.get("severity", String.class), row.get("enabled", Boolean.class)))
                .one()
                .switchIfEmpty(notFound(id))
                .flatMap(stored -> {
                    Definition merged = new Definition(or(given.name(), stored.name()), or(given.eventKind(), stored.eventKind()),
                            or(given.conditions(), stored.conditions()), or(given.severity(), partial ? stored.severity() : "warning"),
                            or(given.enabled(), partial ? stored.enabled() : Boolean.TRUE));
                    // a kind changed alone must still fit the stored conditions
                    compile(merged.eventKind(), merged.conditions());
                    return writer.sql("""
                                    UPDATE celestial.data_triggers
                                       SET name = :name, event_kind = :kind, conditions = :conditions::jsonb, severity = :severity,
                                           enabled = :enabled, updated_at = now()
                                     WHERE id = :id""")
                            .bind("id", id).bind("name", merged.name()).bind("kind", merged.eventKind())
                            .bind("conditions", merged.conditions().toString()).bind("severity", merged.severity())
                            .bind("enabled", merged.enabled())
                            .then();
                })
                .then(audited(AdminAudit.Action.UPDATE, id, admin))
                .as(transactions::transactional)
                .doOnSuccess(done -> evaluator.changed());
    }

    /** Deletes the trigger and, by the foreign key, its alerts; disable it instead to keep them. */
    Mono<Void> delete(long id, Authentication admin) {
        return writer.sql("DELETE FROM celestial.data_triggers WHERE id = :id").bind("id", id).fetch().rowsUpdated()
                .flatMap(rows -> rows == 0 ? notFound(id) : audit.recordOn(AdminAudit.Action.DELETE, subject(id), admin, details(id, null)))
                .as(transactions::transactional)
                .doOnSuccess(done -> evaluator.changed())
                .then();
    }

    private Mono<String> audited(AdminAudit.Action action, long id, Authentication admin) {
        return get(id).flatMap(doc -> audit.recordOn(action, subject(id), admin, details(id, doc)).thenReturn(doc));
    }

    /** The audit's subject for trigger {@code id}. */
    private static String subject(long id) {
        return "data_trigger:" + id;
    }

    private String details(long id, String doc) {
        ObjectNode details = json.createObjectNode().put("trigger", id);
        if (doc != null) {
            details.set("definition", json.readTree(doc));
        }
        return details.toString();
    }

    /** Reads and validates a request body; {@code partial} lets any field be absent. */
    Definition read(JsonNode body, boolean partial) {
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "a JSON object with name, eventKind, conditions, severity, enabled");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidFieldException(field, "unknown field; known: name, eventKind, conditions, severity, enabled");
            }
        }
        String name = text(body, "name", 200, !partial);
        String kind = text(body, "eventKind", 50, !partial);
        if (kind != null && kinds.of(kind) == null) {
            throw new InvalidFieldException("eventKind", "unknown kind; known: " + String.join(", ", kinds.labels()));
        }
        JsonNode conditions = body.get("conditions");
        if (conditions == null || conditions.isNull()) {
            if (!partial) {
                throw new InvalidFieldException("conditions", "required");
            }
            conditions = null;
        }
        String severity = text(body, "severity", 20, false);
        if (severity != null && !AlertQueries.SEVERITIES.contains(severity)) {
            throw new InvalidFieldException("severity", "one of " + String.join(", ", AlertQueries.SEVERITIES));
        }
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw new InvalidFieldException("enabled", "true or false");
        }
        if (kind != null && conditions != null) {
            compile(kind, conditions);
        }
        return new Definition(name, kind, conditions, severity, enabled == null || enabled.isNull() ? null : enabled.booleanValue());
    }

    private void compile(String kind, JsonNode conditions) {
        Conditions.compile(kinds.of(kind), conditions, "v");
    }

    private static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidFieldException(field, "required");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > max) {
            throw new InvalidFieldException(field, "a non-blank string of at most " + max + " characters");
        }
        return node.asString().trim();
    }

    private static <T> T or(T given, T stored) {
        return given != null ? given : stored;
    }

    private static <T> Mono<T> notFound(long id) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no trigger " + id));
    }
}
