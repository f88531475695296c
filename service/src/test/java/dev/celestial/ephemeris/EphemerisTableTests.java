package dev.celestial.ephemeris;

import dev.celestial.support.DerivedTableTests;

class EphemerisTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
            INSERT INTO celestial.ephemeris_vectors AS t (designation, center, reference_frame, epoch_tdb,
                   julian_date_tdb, x, y, z, vx, vy, vz, light_time, range, range_rate, units)
            SELECT DISTINCT ON (s.designation, s.center, s.reference_frame, s.epoch_tdb)
                   s.designation, s.center, s.reference_frame, s.epoch_tdb, s.julian_date_tdb, s.x, s.y, s.z,
                   s.vx, s.vy, s.vz, s.light_time, s.range, s.range_rate, s.units
              FROM unnest(:ord::int8[], :designation::text[], :center::text[], :reference_frame::text[],
                          :epoch_tdb::timestamptz[], :julian_date_tdb::float8[], :x::float8[], :y::float8[],
                          :z::float8[], :vx::float8[], :vy::float8[], :vz::float8[], :light_time::float8[],
                          :range::float8[], :range_rate::float8[], :units::text[])
                   AS s(ord, designation, center, reference_frame, epoch_tdb, julian_date_tdb, x, y, z, vx, vy,
                        vz, light_time, range, range_rate, units)
             ORDER BY s.designation, s.center, s.reference_frame, s.epoch_tdb, s.ord DESC
            ON CONFLICT (designation, center, reference_frame, epoch_tdb) DO UPDATE
               SET julian_date_tdb = EXCLUDED.julian_date_tdb, x = EXCLUDED.x, y = EXCLUDED.y, z = EXCLUDED.z,
                   vx = EXCLUDED.vx, vy = EXCLUDED.vy, vz = EXCLUDED.vz, light_time = EXCLUDED.light_time,
                   range = EXCLUDED.range, range_rate = EXCLUDED.range_rate, units = EXCLUDED.units
             WHERE (t.x, t.y, t.z, t.vx, t.vy, t.vz, t.light_time, t.range, t.range_rate, t.units)
                   IS DISTINCT FROM (EXCLUDED.x, EXCLUDED.y, EXCLUDED.z, EXCLUDED.vx, EXCLUDED.vy, EXCLUDED.vz,
                                     EXCLUDED.light_time, EXCLUDED.range, EXCLUDED.range_rate, EXCLUDED.units)
            RETURNING (xmax = 0) AS inserted""";

    EphemerisTableTests() {
        super(new EphemerisIngest(), WRITTEN,
                "designation", "center", "reference_frame", "epoch_tdb", "julian_date_tdb", "x", "y", "z", "vx",
                "vy", "vz", "light_time", "range", "range_rate", "units");
    }
}
