package dev.celestial.correlation;

import dev.celestial.db.Where;
import java.time.Instant;

/** The SQL of {@code GET /api/v1/correlations}. */
final class CorrelationQueries {

    private CorrelationQueries() {
    }

    static Where filter(Long rule, EventKind kind, String ref, Instant from, Instant to, Long afterId) {
        Where where = new Where().and(rule, "c.rule_id = :rule", "rule");
        if (kind != null) {
            // either side; each has its own (kind, ref) index
            where.and("(c.first_kind = :kind AND c.first_ref = :ref OR c.second_kind = :kind AND c.second_ref = :ref)")
                    .bind("kind", kind.label()).bind("ref", ref);
        }
        return where.and(from, "c.detected_at >= :from", "from")
                .and(to, "c.detected_at < :to", "to")
                .and(afterId, "c.id < :after", "after");
    }

    /** Newest first by id, the order the pairs were stored in. */
    static String list(Where where) {
        return """
                SELECT row_to_json(r)::text, r.id::text FROM (
                SELECT c.id, c.rule_id AS "ruleId", k.name AS "ruleName",
                       c.first_kind AS "firstKind", c.first_ref AS "firstRef", c.second_kind AS "secondKind", c.second_ref AS "secondRef",
                       extract(epoch FROM c.time_delta)::float8 / 3600 AS "timeDeltaHours", c.distance_km AS "distanceKm",
                       c.score, c.detected_at AS "detectedAt"
                  FROM celestial.event_correlations c
                  JOIN celestial.correlation_rules k ON k.id = c.rule_id
                 WHERE true""" + where.sql() + """

                 ORDER BY c.id DESC
                 LIMIT :limit) r
                 ORDER BY r.id DESC""";
    }
}
