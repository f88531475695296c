package dev.celestial.correlation;

import dev.celestial.db.Where;
import dev.celestial.ingest.ChunkWritten;
import dev.celestial.ingest.Column;
import dev.celestial.ingest.IngestKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates the enabled rules for each written chunk, inside the ingest request's transaction: the
 * correlations commit with the events or not at all, so no committed event ever misses its
 * correlations, and nothing needs recovering after a crash. A chunk of a kind no enabled rule names
 * costs no statement. Otherwise one statement per rule side that some of the chunk's events may be on
 * (their posted values against the side's thresholds, {@link Side#mayMatch}), reading their stored rows by
 * key. The events a batch inserted or updated are evaluated: a posted event below every threshold pairs with
 * nothing new, whether it replaced the stored revision or lost to a newer one (evaluated when it was
 * written; a rule created later reaches stored events by its backfill). Pairs already stored stay as they
 * are ({@code ON CONFLICT DO NOTHING}): a re-post adds nothing, an update that newly qualifies adds its pair.
 * <p>
 * Two requests writing the two sides of a rule at once (flares and quakes) would each miss the other's
 * uncommitted rows. So every chunk of a kind some rule names first takes a transaction-level advisory lock
 * per pair of kinds those rules link, all in one statement and one fixed order: the second request waits
 * for the first to commit, and its statements (each with a new snapshot, in READ COMMITTED) then see the
 * first's rows. Same-kind pairs are already in order through the table's write lock. The wait is bounded by
 * the ingest lock timeout. These locks come before the alerts' lock in every chunk (this runs first), so
 * the two never wait on each other in opposite orders.
 */
@Component
@Order(-1)
class CorrelationEvaluator implements ChunkWritten {

    private final DatabaseClient writer;
    private final CorrelationRules rules;

    CorrelationEvaluator(@Qualifier("writer") DatabaseClient writer, CorrelationRules rules) {
        this.writer = writer;
        this.rules = rules;
    }

    @Override
    public <R> Mono<Void> written(IngestKind<R> kind, List<R> records) {
        EventKind eventKind = EventKind.of(kind.eventKind());
        if (eventKind == null || records.isEmpty()) {
            return Mono.empty();
        }
        return rules.enabled().flatMap(enabled -> {
            List<CorrelationRules.Enabled> involved = enabled.stream().filter(r -> r.rule().involves(eventKind)).toList();
            if (involved.isEmpty()) {
                return Mono.empty();
            }
            Map<String, Function<R, ?>> columns = kind.columnsByName();
            List<Mono<Long>> statements = new ArrayList<>();
            Set<Long> locks = new TreeSet<>();
            for (CorrelationRules.Enabled rule : involved) {
                locks.add(lock(rule.rule().first().kind(), rule.rule().second().kind()));
            }
            // taken even when no statement follows: the same locks in every chunk, before the alerts' own
            statements.add(writer.sql("SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(:locks::int8[]) AS k ORDER BY 1) l")
                    .bind("locks", locks.toArray(Long[]::new)).fetch().rowsUpdated());
            for (CorrelationRules.Enabled rule : involved) {
                for (CorrelationSql.Driving driving : CorrelationSql.Driving.values()) {
                    Side side = driving == CorrelationSql.Driving.FIRST ? rule.rule().first() : rule.rule().second();
                    if (side.kind() != eventKind) {
                        continue;
                    }
                    List<R> candidates = records.stream().filter(record -> side.mayMatch(Column.values(columns, record))).toList();
                    if (!candidates.isEmpty()) {
                        Where where = CorrelationSql.byKeys(eventKind, driving, Keys.of(kind, eventKind, candidates));
                        statements.add(where.apply(writer, CorrelationSql.insert(rule.id(), rule.rule(), where)).fetch().rowsUpdated());
                    }
                }
            }
            // one after the other on the request's one connection
            return Flux.concat(statements).then();
        });
    }

    /** The advisory lock of the kinds {@code a} and {@code b} in either order. */
    static long lock(EventKind a, EventKind b) {
        int low = Math.min(a.ordinal(), b.ordinal());
        int high = Math.max(a.ordinal(), b.ordinal());
        return LOCKS + low * 16L + high;
    }

    /** "corr" in the high half: clear of other advisory locks this service might take. */
    private static final long LOCKS = 0x636F727200000000L;
}
