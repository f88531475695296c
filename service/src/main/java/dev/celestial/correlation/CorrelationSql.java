package dev.celestial.correlation;

import dev.celestial.db.Where;

/**
 * The one statement that finds a rule's pairs and stores them, driven from a few events of one side:
 * a written chunk's stored rows by natural key, or a slice of history for a backfill. The driving events
 * come by their unique key (or time) index, the other side through its time index (or, with
 * {@code withinKm}, its geography GiST index: {@code ST_DWithin} on geography measures on the spheroid,
 * so the antimeridian is no edge), so the work follows the driving rows, not the tables.
 * <p>
 * Score, in [0, 1]: {@code 1 - delta / window}, times {@code 1 - distance / withinKm} when the rule has a
 * distance: 1 for events at the same moment (and place), falling linearly to 0 at the rule's limits.
 */
final class CorrelationSql {

    /** Which side the driving events are on. */
    enum Driving { FIRST, SECOND }

    private CorrelationSql() {
    }

    /**
     * The statement for {@code rule}; {@code where} must already hold the driving condition (on alias
     * {@code f} for {@link Driving#FIRST}, {@code s} for SECOND) and its binds; the rule's own are added.
     */
    static String insert(long ruleId, Rule rule, Where where) {
        EventKind first = rule.first().kind();
        EventKind second = rule.second().kind();
        String tf = first.time("f");
        String ts = second.time("s");
        where.bind("ruleId", ruleId).bind("firstKind", first.label()).bind("secondKind", second.label())
                .bind("windowSeconds", rule.withinHours() * 3600);
        rule.first().conditions("f", "first", where);
        rule.second().conditions("s", "second", where);
        boolean located = first.located() && second.located();
        String join = ts + " >= " + tf + " AND " + ts + " <= " + tf + " + :windowSeconds * interval '1 second'"
                // the same window from the other end, so a driving second side finds its firsts by their time index
                + "\n   AND " + tf + " >= " + ts + " - :windowSeconds * interval '1 second'";
        String score = "1 - extract(epoch FROM " + ts + " - " + tf + ") / :windowSeconds";
        if (rule.withinKm() != null) {
            join += "\n   AND ST_DWithin(" + first.location("f") + ", " + second.location("s") + ", :withinM)";
            score = "(" + score + ") * (1 - p.km / :withinKm)";
            where.bind("withinM", rule.withinKm() * 1000).bind("withinKm", rule.withinKm());
        }
        if (first == second) {
            join += "\n   AND f.id <> s.id";
        }
        return """
                INSERT INTO celestial.event_correlations
                       (rule_id, first_kind, first_ref, second_kind, second_ref, time_delta, distance_km, score)
                SELECT :ruleId, :firstKind, %s, :secondKind, %s, %s - %s, p.km, greatest(0, least(1, %s))
                  FROM %s f
                  JOIN %s s
                    ON %s
                 CROSS JOIN LATERAL (SELECT %s AS km) p
                 WHERE true%s
                ON CONFLICT DO NOTHING""".formatted(first.ref("f"), second.ref("s"), ts, tf, score, first.table(), second.table(),
                join, located ? "ST_Distance(" + first.location("f") + ", " + second.location("s") + ") / 1000" : "NULL::float8",
                where.sql());
    }

    /** The condition selecting driving events by natural key, binding the keys. */
    static Where byKeys(EventKind kind, Driving driving, Keys keys) {
        String alias = driving == Driving.FIRST ? "f" : "s";
        Where where = new Where();
        if (kind == EventKind.VOLCANIC_ACTIVITY) {
            return where.and("(" + alias + ".volcano_number, " + alias + ".eruption_start) IN (SELECT k.n, k.s::timestamptz"
                            + " FROM unnest(:keyNumbers::text[], :keyStarts::text[]) AS k(n, s))")
                    .bind("keyNumbers", keys.first()).bind("keyStarts", keys.second());
        }
        String column = kind == EventKind.EARTHQUAKE ? "source_id" : "event_id";
        return where.and(keys.first(), alias + "." + column + " = ANY(:keys::text[])", "keys");
    }

    /** The condition selecting first-side events in a time slice {@code [:from, :to)}. */
    static Where bySlice(EventKind first, java.time.Instant from, java.time.Instant to) {
        return new Where().and(from, first.time("f") + " >= :from", "from").and(to, first.time("f") + " < :to", "to");
    }
}
