package dev.celestial.solar;

import dev.celestial.db.Where;
import java.time.Instant;

/** The SQL of solar-event reads: each row one JSON document the SQL writes, in a page ending {@code LIMIT :limit}. */
final class SolarQueries {

    private SolarQueries() {
    }

    /**
     * Flares and CMEs beginning in [{@code from}, {@code to}), of one {@code kind} when given, flares of at
     * least the GOES class {@code minClass} when given; newest first.
     */
    static String events(Where where, Instant from, Instant to, String kind, String minClass) {
        where.and(from, "begin_at >= :from", "from")
                .and(to, "begin_at < :to", "to")
                .and(kind, "kind = :kind", "kind")
                .and(minClass == null ? null : minClass.toUpperCase(),
                        "kind = 'flare' AND class_intensity >= celestial.flare_class_intensity(:minClass)", "minClass");
        return """
                SELECT row_to_json(r)::text FROM (
                SELECT kind, event_id AS "eventId", begin_at AS "beginTime", peak_at AS "peakTime", end_at AS "endTime",
                       class_type AS "classType", class_intensity AS "classIntensity", source_location AS "sourceLocation",
                       active_region AS "activeRegion", cme_speed_kms AS "speedKms", cme_half_angle AS "halfAngle",
                       cme_latitude AS latitude, cme_longitude AS longitude, linked_event_ids AS "linkedEventIds",
                       source_version AS version, source_updated_at AS "submissionTime"
                  FROM celestial.solar_events
                 WHERE TRUE""" + where.sql() + """

                 ORDER BY begin_at DESC, event_id
                 LIMIT :limit) r""";
    }
}
