package dev.celestial.correlation;

import dev.celestial.access.AdminAudit;
import dev.celestial.db.Where;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Correlation rules managed by admins, on the primary: each change and its {@code admin_audit} row in one
 * transaction, and this instance's copy of the enabled rules dropped once it commits. Changing a rule's
 * definition removes the pairs the old one found (backfill finds the new ones); disabling keeps them.
 */
@Service
class RuleAdmin {

    static final String ROW = """
            SELECT json_build_object('id', id, 'name', name, 'description', description, 'enabled', enabled, 'rule', rule,
                                     'createdAt', created_at, 'updatedAt', updated_at)::text
              FROM celestial.correlation_rules""";

    /** What a backfill did. */
    record Backfill(long ruleId, Instant from, Instant to, long batches, long inserted) {
    }

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;
    private final AdminAudit audit;
    private final CorrelationRules rules;
    private final CorrelationProperties properties;
    private final JsonMapper json;

    RuleAdmin(@Qualifier("writer") DatabaseClient writer, TransactionalOperator transactions, AdminAudit audit,
              CorrelationRules rules, CorrelationProperties properties, JsonMapper json) {
        this.writer = writer;
        this.transactions = transactions;
        this.audit = audit;
        this.rules = rules;
        this.properties = properties;
        this.json = json;
    }

    Mono<String> list() {
        return writer.sql("SELECT json_build_object('items', coalesce(json_agg(r.doc::json ORDER BY r.id), '[]'))::text FROM ("
                        + ROW.replace("::text\n", " AS doc, id\n") + ") r")
                .map(row -> row.get(0, String.class)).one();
    }

    /** The created rule as JSON. */
    Mono<Created> create(RuleRequest request, Authentication admin) {
        return writer.sql("""
                        INSERT INTO celestial.correlation_rules (name, rule, description, enabled)
                        VALUES (:name, :rule::jsonb, :description, :enabled) RETURNING id""")
                .bind("name", request.name()).bind("rule", request.rule().json()).bind("enabled", request.enabled())
                .bind("description", optional(request.description()))
                .map(row -> row.get(0, Long.class)).one()
                .flatMap(id -> audit.recordOn(AdminAudit.Action.CREATE, subject(id), admin, details(request, 0))
                        .then(one(id)).map(doc -> new Created(id, doc)))
                .as(transactions::transactional)
                .doOnSuccess(done -> rules.changed());
    }

    record Created(long id, String json) {
    }

    /** The changed rule as JSON, or empty when there is no such rule. */
    Mono<String> update(long id, RuleRequest request, Authentication admin) {
        // a changed definition removes the old one's pairs; the row lock keeps concurrent changes in order
        return writer.sql("SELECT rule::text FROM celestial.correlation_rules WHERE id = :id FOR UPDATE")
                .bind("id", id).map(row -> row.get(0, String.class)).one()
                .flatMap(before -> {
                    boolean redefined = request.rule() != null
                            && !json.readTree(before).equals(json.readTree(request.rule().json()));
                    Where set = new Where().bind("id", id);
                    StringBuilder sql = new StringBuilder("UPDATE celestial.correlation_rules SET updated_at = now()");
                    if (request.name() != null) {
                        sql.append(", name = :name");
                        set.bind("name", request.name());
                    }
                    if (request.descriptionGiven()) {
                        sql.append(", description = :description");
                        set.bind("description", optional(request.description()));
                    }
                    if (request.enabled() != null) {
                        sql.append(", enabled = :enabled");
                        set.bind("enabled", request.enabled());
                    }
                    if (request.rule() != null) {
                        sql.append(", rule = :rule::jsonb");
                        set.bind("rule", request.rule().json());
                    }
                    Mono<Long> removed = redefined
                            ? writer.sql("DELETE FROM celestial.event_correlations WHERE rule_id = :id").bind("id", id).fetch().rowsUpdated()
                            : Mono.just(0L);
                    return set.apply(writer, sql.append(" WHERE id = :id").toString()).fetch().rowsUpdated()
                            .then(removed)
                            .flatMap(n -> audit.recordOn(AdminAudit.Action.UPDATE, subject(id), admin, details(request, n)))
                            .then(one(id));
                })
                .as(transactions::transactional)
                .doOnSuccess(done -> rules.changed());
    }

    /** Whether there was such a rule; its pairs go with it. */
    Mono<Boolean> delete(long id, Authentication admin) {
        return writer.sql("DELETE FROM celestial.correlation_rules WHERE id = :id RETURNING name")
                .bind("id", id).map(row -> row.get(0, String.class)).one()
                .flatMap(name -> audit.recordOn(AdminAudit.Action.DELETE, subject(id), admin, "{}").thenReturn(true))
                .defaultIfEmpty(false)
                .as(transactions::transactional)
                .doOnSuccess(done -> rules.changed());
    }

    /**
     * Evaluates the rule over stored history, enabled or not: the first-side events in {@code [from, to)}
     * (all when not given), {@code backfill-batch} of them per statement, each its own short transaction,
     * so no transaction spans the table. Pairs already stored stay; empty when there is no such rule.
     */
    Mono<Backfill> backfill(long id, Instant from, Instant to, Authentication admin) {
        return writer.sql("SELECT rule::text FROM celestial.correlation_rules WHERE id = :id")
                .bind("id", id).map(row -> Rule.parse(json.readTree(row.get(0, String.class)), "rule")).one()
                .flatMap(rule -> bounds(rule.first().kind(), from, to).flatMap(range -> {
                    AtomicLong batches = new AtomicLong();
                    AtomicLong inserted = new AtomicLong();
                    return Mono.just(range[0])
                            .expand(cursor -> cursor.isBefore(range[1])
                                    ? next(rule.first().kind(), cursor, range[1]).flatMap(next -> {
                                        Where where = CorrelationSql.bySlice(rule.first().kind(), cursor, next);
                                        return where.apply(writer, CorrelationSql.insert(id, rule, where)).fetch().rowsUpdated()
                                                .timeout(properties.backfillTimeout())
                                                .doOnNext(n -> {
                                                    batches.incrementAndGet();
                                                    inserted.addAndGet(n);
                                                })
                                                .thenReturn(next);
                                    })
                                    : Mono.empty())
                            .then(Mono.fromSupplier(() -> new Backfill(id, range[0], range[1], batches.get(), inserted.get())));
                }))
                .flatMap(done -> audit.recordOn(AdminAudit.Action.BACKFILL, subject(id), admin,
                                "{\"from\":\"" + done.from() + "\",\"to\":\"" + done.to() + "\",\"batches\":" + done.batches()
                                        + ",\"inserted\":" + done.inserted() + "}")
                        .as(transactions::transactional).thenReturn(done));
    }

    /** The range to evaluate: as given, else from the first side's earliest event to just past its latest. */
    private Mono<Instant[]> bounds(EventKind first, Instant from, Instant to) {
        return writer.sql("SELECT min(" + first.time("f") + "), max(" + first.time("f") + ") FROM " + first.table() + " f")
                .map(row -> {
                    Instant min = row.get(0, Instant.class);
                    Instant max = row.get(1, Instant.class);
                    Instant low = from != null ? from : min != null ? min : Instant.EPOCH;
                    Instant high = to != null ? to : max != null ? max.plusNanos(1000) : low;
                    return new Instant[] {low, high.isBefore(low) ? low : high};
                }).one();
    }

    /** The end of the slice starting at {@code cursor}: the time of the event {@code backfill-batch} further on. */
    private Mono<Instant> next(EventKind first, Instant cursor, Instant end) {
        String t = first.time("f");
        return writer.sql("SELECT " + t + " FROM " + first.table() + " f WHERE " + t + " > :cursor AND " + t + " < :end ORDER BY "
                        + t + " OFFSET :skip LIMIT 1")
                .bind("cursor", cursor).bind("end", end).bind("skip", properties.backfillBatch() - 1)
                .map(row -> row.get(0, Instant.class)).one()
                .defaultIfEmpty(end);
    }

    private Mono<String> one(long id) {
        return writer.sql(ROW + " WHERE id = :id").bind("id", id).map(row -> row.get(0, String.class)).one();
    }

    static String subject(long id) {
        return "correlation_rule:" + id;
    }

    private static String details(RuleRequest request, long removed) {
        // the definition is canonical JSON of known fields; names and descriptions stay out of the audit
        return "{" + (request.rule() == null ? "" : "\"rule\":" + request.rule().json() + ",")
                + (request.enabled() == null ? "" : "\"enabled\":" + request.enabled() + ",")
                + "\"correlationsRemoved\":" + removed + "}";
    }

    private static Object optional(String value) {
        return value == null ? io.r2dbc.spi.Parameters.in(String.class) : value;
    }
}
