package dev.celestial.ephemeris;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.JulianDate;
import dev.celestial.ingest.NativeFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * State vectors into {@code celestial.ephemeris_vectors}: own records and JPL Horizons vector tables.
 * The natural key is object, center, frame and epoch; a re-post with other values replaces the row.
 */
@Component
class EphemerisIngest implements IngestKind<StateVector> {

    static final Set<String> FIELDS = Set.of("designation", "center", "frame", "units", "julianDate", "x", "y", "z",
            "vx", "vy", "vz", "lightTime", "range", "rangeRate");
    static final Set<String> UNITS = Set.of("AU-D", "KM-S", "KM-D");
    private static final double BIG = 1e15;

    @Override
    public String name() {
        return "ephemeris";
    }

    @Override
    public String table() {
        return "celestial.ephemeris_vectors";
    }

    @Override
    public StateVector read(Fields f) {
        f.onlyKnown(FIELDS);
        String units = f.text("units", true);
        if (units != null && !UNITS.contains(units)) {
            f.error("units", "must be AU-D, KM-S or KM-D");
        }
        // Julian dates from AD 1 (time columns take no earlier year) to AD 5000
        Double jd = f.julianDate("julianDate", true, JulianDate.EARLIEST, 3_547_000);
        return new StateVector(f.text("designation", true), f.text("center", true), f.text("frame", true), units, jd,
                jd == null ? null : JulianDate.toInstant(jd),
                f.number("x", true, -BIG, BIG), f.number("y", true, -BIG, BIG), f.number("z", true, -BIG, BIG),
                f.number("vx", true, -BIG, BIG), f.number("vy", true, -BIG, BIG), f.number("vz", true, -BIG, BIG),
                f.number("lightTime", false, 0, BIG), f.number("range", false, 0, BIG),
                f.number("rangeRate", false, -BIG, BIG));
    }

    @Override
    public Map<String, NativeFormat<StateVector>> nativeFormats() {
        return Map.of("horizons", new HorizonsVectors(this));
    }

    @Override
    public List<Column<StateVector>> columns() {
        return List.of(
                Column.text("designation", StateVector::designation),
                Column.text("center", StateVector::center),
                Column.text("reference_frame", StateVector::frame),
                Column.time("epoch_tdb", StateVector::epoch),
                Column.float8("julian_date_tdb", StateVector::julianDate),
                Column.float8("x", StateVector::x),
                Column.float8("y", StateVector::y),
                Column.float8("z", StateVector::z),
                Column.float8("vx", StateVector::vx),
                Column.float8("vy", StateVector::vy),
                Column.float8("vz", StateVector::vz),
                Column.float8("light_time", StateVector::lightTime),
                Column.float8("range", StateVector::range),
                Column.float8("range_rate", StateVector::rangeRate),
                Column.text("units", StateVector::units));
    }

    @Override
    public String upsert() {
        return """
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
    }
}
