package dev.celestial.volcano;

import dev.celestial.db.Where;
import java.time.Instant;

/** The SQL of volcanic-activity reads: each row one JSON document the SQL writes, in a page ending {@code LIMIT :limit}. */
final class VolcanoQueries {

    private VolcanoQueries() {
    }

    /** Eruptions within {@code radiusKm} of a point, active at some time in [{@code from}, {@code to}), newest first. */
    static String nearby(Where where, double lat, double lon, double radiusKm, Instant from, Instant to) {
        where.bind("lat", lat)
                .bind("lon", lon)
                .bind("radiusM", radiusKm * 1000)
                .and(from, "coalesce(v.eruption_end, 'infinity') >= :from", "from")
                .and(to, "v.eruption_start < :to", "to");
        return """
                SELECT row_to_json(r)::text FROM (
                SELECT v.volcano_number AS "volcanoNumber", v.volcano_name AS "volcanoName",
                       ST_Y(v.location::geometry) AS latitude, ST_X(v.location::geometry) AS longitude,
                       v.elevation_m AS "elevationM", v.eruption_start AS "eruptionStart", v.eruption_end AS "eruptionEnd",
                       v.vei, v.alert_level AS "alertLevel", v.activity_type AS "activityType",
                       floor(ST_Distance(v.location, ST_MakePoint(:lon, :lat)::geography)) / 1000 AS "distanceKm"
                  FROM celestial.volcanic_activity v
                 WHERE ST_DWithin(v.location, ST_MakePoint(:lon, :lat)::geography, :radiusM)""" + where.sql() + """

                 ORDER BY v.eruption_start DESC, v.volcano_number
                 LIMIT :limit) r""";
    }
}
