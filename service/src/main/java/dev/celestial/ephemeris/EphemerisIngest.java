package dev.celestial.ephemeris;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.JulianDate;
import dev.celestial.ingest.NativeFormat;
import dev.celestial.ingest.Table;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * State vectors into {@code celestial.ephemeris_vectors}: own records and JPL Horizons vector tables.
 * The natural key is object, center, frame and epoch; a re-post with other values replaces the row.
 */
@Component
class EphemerisIngest extends IngestKind<StateVector> {

    static final Table<StateVector> TABLE = Table.<StateVector>of("celestial.ephemeris_vectors")
            .key(Column.text("designation", StateVector::designation))
            .key(Column.text("center", StateVector::center))
            .key(Column.text("reference_frame", StateVector::frame))
            .key(Column.time("epoch_tdb", StateVector::epoch))
            .followsKey(Column.float8("julian_date_tdb", StateVector::julianDate))
            .column(Column.float8("x", StateVector::x))
            .column(Column.float8("y", StateVector::y))
            .column(Column.float8("z", StateVector::z))
            .column(Column.float8("vx", StateVector::vx))
            .column(Column.float8("vy", StateVector::vy))
            .column(Column.float8("vz", StateVector::vz))
            .column(Column.float8("light_time", StateVector::lightTime))
            .column(Column.float8("range", StateVector::range))
            .column(Column.float8("range_rate", StateVector::rangeRate))
            .column(Column.text("units", StateVector::units))
            .updatedWhenChanged()
            .build();

    static final Set<String> FIELDS = Set.of("designation", "center", "frame", "units", "julianDate", "x", "y", "z",
            "vx", "vy", "vz", "lightTime", "range", "rangeRate");
    static final Set<String> UNITS = Set.of("AU-D", "KM-S", "KM-D");
    private static final double BIG = 1e15;

    EphemerisIngest() {
        super("ephemeris", "ephemeris", TABLE, FIELDS);
    }

    @Override
    protected StateVector record(Fields f) {
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
}
