package dev.celestial.ephemeris;

import dev.celestial.db.Where;
import java.time.Instant;

/** The SQL of ephemeris reads: each row one JSON document the SQL writes, in a page ending {@code LIMIT :limit}. */
final class EphemerisQueries {

    private EphemerisQueries() {
    }

    /** The state vectors of one body with epochs in [{@code from}, {@code to}], of one center and frame when given; in time order. */
    static String vectors(Where where, String designation, Instant from, Instant to, String center, String frame) {
        where.bind("designation", designation)
                .and(from, "epoch_tdb >= :from", "from")
                .and(to, "epoch_tdb <= :to", "to")
                .and(center, "center = :center", "center")
                .and(frame, "reference_frame = :frame", "frame");
        return """
                SELECT row_to_json(r)::text FROM (
                SELECT designation, center, reference_frame AS frame, units, julian_date_tdb AS "julianDate",
                       epoch_tdb AS "epochTdb", x, y, z, vx, vy, vz, light_time AS "lightTime", range,
                       range_rate AS "rangeRate"
                  FROM celestial.ephemeris_vectors
                 WHERE designation = :designation""" + where.sql() + """

                 ORDER BY epoch_tdb, center, reference_frame
                 LIMIT :limit) r""";
    }
}
