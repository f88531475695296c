package dev.celestial.alert;

import dev.celestial.ingest.ChunkWritten;
import dev.celestial.ingest.Column;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.Watch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raises alerts as records are ingested: after each written chunk, inside the ingest transaction, one
 * statement per chunk evaluates every enabled trigger of the chunk's kind against the stored rows of
 * the chunk's keys and inserts an alert per trigger and event not yet alerted. Only the keys of records some
 * trigger may match go in ({@link Conditions.Compiled#mayMatch}, on the posted values); a chunk with none costs
 * no statement. The alerts commit with
 * the records or roll back with them, so no committed event misses its alerts and none is raised for an
 * event that was not committed. A kind without enabled triggers costs no statement.
 *
 * <p>Alert ids are handed out in commit order: the statement takes a transaction-scoped advisory lock
 * ({@link #ALERT_LOCK}) before the first alert gets its id, held until commit or rollback, so a reader
 * that saw alert n has already seen every alert below n (the stream and Last-Event-ID rely on it). Only
 * batches that raise an alert queue on it, and only from that statement to their commit. The same
 * statement notifies {@link #CHANNEL}, which PostgreSQL delivers on commit.
 */
@Component
@Order(0)
class TriggerEvaluator implements ChunkWritten {

    /** The advisory lock that orders alert ids by commit ("cel_alrt"). */
    static final long ALERT_LOCK = 0x63656c5f616c7274L;
    static final String CHANNEL = "celestial_alerts";

    private static final Logger log = LoggerFactory.getLogger(TriggerEvaluator.class);

    /** One kind's statement, the binds of its triggers, and their checks on posted records (any may pass). */
    record Evaluation(String sql, Map<String, Object> binds, List<Predicate<Function<String, Object>>> mayMatch) {

        /**
         * The records some trigger may match, on their posted values. What a batch inserted or updated is evaluated:
         * a posted record that loses to a newer stored revision changed nothing and raises nothing (triggers do not
         * look back at stored events, as they never did for events no batch touches).
         */
        <R> List<R> candidates(IngestKind<R> kind, List<R> records) {
            Map<String, Function<R, ?>> columns = kind.columnsByName();
            return records.stream().filter(record -> {
                Function<String, Object> values = Column.values(columns, record);
                return mayMatch.stream().anyMatch(check -> check.test(values));
            }).toList();
        }
    }

    /** The evaluations by kind label. */
    private record Loaded(Map<String, Evaluation> byKind, long loadedAt, long generation) {
    }

    private final DatabaseClient writer;
    private final JsonMapper json;
    private final AlertProperties properties;
    private final EventKinds kinds;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final AtomicLong generation = new AtomicLong();

    TriggerEvaluator(@Qualifier("writer") DatabaseClient writer, JsonMapper json, AlertProperties properties, EventKinds kinds) {
        this.writer = writer;
        this.kinds = kinds;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public <R> Mono<Void> written(IngestKind<R> kind, List<R> records) {
        Watch<R> watch = kind.watch();
        if (watch == null || records.isEmpty()) {
            return Mono.empty();
        }
        return evaluations().flatMap(byKind -> {
            Evaluation evaluation = byKind.get(kind.eventKind());
            List<R> candidates = evaluation == null ? List.of() : evaluation.candidates(kind, records);
            if (candidates.isEmpty()) {
                return Mono.empty();
            }
            DatabaseClient.GenericExecuteSpec spec = writer.sql(evaluation.sql()).bind("kind", kind.eventKind())
                    .bind("lock", ALERT_LOCK).bind("channel", CHANNEL);
            for (int part = 0; part < watch.keyParts().size(); part++) {
                String[] keys = new String[candidates.size()];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = watch.keyParts().get(part).apply(candidates.get(i));
                }
                spec = spec.bind("k" + part, keys);
            }
            for (Map.Entry<String, Object> bind : evaluation.binds().entrySet()) {
                spec = spec.bind(bind.getKey(), bind.getValue());
            }
            return spec.map(row -> row.get("raised", Long.class)).one().then();
        });
    }

    /** Another instance's change is seen within {@code trigger-refresh}; this instance's at once. */
    void changed() {
        generation.incrementAndGet();
    }

    /** The statements of the kinds with enabled triggers, reloaded (on the caller's connection) when stale. */
    Mono<Map<String, Evaluation>> evaluations() {
        Loaded current = loaded.get();
        long now = System.nanoTime();
        if (current != null && current.generation() == generation.get() && now - current.loadedAt() < properties.triggerRefresh().toNanos()) {
            return Mono.just(current.byKind());
        }
        long startedGeneration = generation.get();
        return writer.sql("""
                        SELECT id, name, event_kind, conditions::text AS conditions, severity
                          FROM celestial.data_triggers WHERE enabled ORDER BY id""")
                .map(row -> new Trigger(row.get("id", Long.class), row.get("name", String.class), row.get("event_kind", String.class),
                        row.get("conditions", String.class), row.get("severity", String.class), true))
                .all().collectList()
                .map(triggers -> {
                    Map<String, Evaluation> byKind = build(triggers);
                    loaded.set(new Loaded(byKind, now, startedGeneration));
                    return byKind;
                });
    }

    private Map<String, Evaluation> build(List<Trigger> triggers) {
        Map<EventKind, List<String>> selects = new LinkedHashMap<>();
        Map<EventKind, List<Predicate<Function<String, Object>>>> checks = new LinkedHashMap<>();
        Map<EventKind, Map<String, Object>> binds = new LinkedHashMap<>();
        for (Trigger trigger : triggers) {
            EventKind kind = kinds.of(trigger.eventKind());
            if (kind == null) {
                log.warn("trigger {} ({}) watches unknown kind {}: skipped", trigger.id(), trigger.name(), trigger.eventKind());
                continue;
            }
            String prefix = "t" + trigger.id() + "_";
            Conditions.Compiled compiled;
            try {
                compiled = Conditions.compile(kind, json.readTree(trigger.conditions()), prefix);
            } catch (RuntimeException e) {
                // triggers written through the admin API are validated; one written by hand may not be
                log.warn("trigger {} ({}) has conditions that do not compile, skipped: {}", trigger.id(), trigger.name(), e.getMessage());
                continue;
            }
            checks.computeIfAbsent(kind, k -> new ArrayList<>()).add(compiled.mayMatch());
            Map<String, Object> kindBinds = binds.computeIfAbsent(kind, k -> new LinkedHashMap<>());
            kindBinds.putAll(compiled.binds());
            kindBinds.put(prefix + "id", trigger.id());
            kindBinds.put(prefix + "severity", trigger.severity());
            selects.computeIfAbsent(kind, k -> new ArrayList<>()).add("SELECT :" + prefix + "id::int8, :" + prefix + "severity::text, "
                    + kind.watch().ref() + ", " + kind.watch().context() + "\n  FROM e WHERE " + compiled.sql());
        }
        Map<String, Evaluation> byKind = new LinkedHashMap<>();
        selects.forEach((kind, parts) -> byKind.put(kind.label(), new Evaluation(statement(kind, parts), binds.get(kind), List.copyOf(checks.get(kind)))));
        return Map.copyOf(byKind);
    }

    /** The one statement of a chunk: the triggers' matches among its stored rows, new ones inserted in commit order. */
    static String statement(EventKind kind, List<String> selects) {
        return "WITH e AS MATERIALIZED (SELECT * FROM " + kind.table() + " WHERE " + kind.watch().keyMatch() + "),\n"
                + "m (trigger_id, severity, ref, context) AS (\n" + String.join("\nUNION ALL\n", selects) + "\n),\n"
                + """
                fresh AS (
                SELECT m.* FROM m
                 WHERE NOT EXISTS (SELECT 1 FROM celestial.alerts a
                                    WHERE a.trigger_id = m.trigger_id AND a.event_kind = :kind AND a.event_ref = m.ref)
                   -- this instance's copy of the triggers may be up to trigger-refresh old: one deleted or disabled
                   -- since (by another instance, or by hand) raises nothing, rather than failing the upload
                   AND EXISTS (SELECT 1 FROM celestial.data_triggers t WHERE t.id = m.trigger_id AND t.enabled)
                ),
                locked AS (SELECT pg_advisory_xact_lock(:lock) FROM (SELECT FROM fresh LIMIT 1) one),
                raised AS (
                INSERT INTO celestial.alerts (trigger_id, event_kind, event_ref, severity, context)
                SELECT f.trigger_id, :kind, f.ref, f.severity, jsonb_strip_nulls(f.context)
                  FROM fresh f CROSS JOIN locked
                 ORDER BY f.ref, f.trigger_id
                    ON CONFLICT (trigger_id, event_kind, event_ref) DO NOTHING
                RETURNING id
                )
                SELECT count(*) AS raised FROM (SELECT pg_notify(:channel, '') FROM raised) notified""";
    }
}
