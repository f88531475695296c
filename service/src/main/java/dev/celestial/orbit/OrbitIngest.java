package dev.celestial.orbit;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.JulianDate;
import dev.celestial.ingest.NativeFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Orbital elements into {@code celestial.orbital_elements}, one row per object; a later epoch replaces it. */
@Component
class OrbitIngest implements IngestKind<OrbitalElements> {

    /**
     * How far past the latest revision an epoch may lie: osculating elements are published for a standard epoch
     * that is often some months ahead.
     */
    static final Duration EPOCH_LEEWAY = Duration.ofDays(366);

    static final Set<String> FIELDS = Set.of("designation", "fullName", "orbitClass", "neo", "pha", "epochJd",
            "e", "a", "q", "i", "om", "w", "ma", "tp", "per", "n");

    @Override
    public String name() {
        return "orbital-elements";
    }

    @Override
    public String table() {
        return "celestial.orbital_elements";
    }

    @Override
    public OrbitalElements read(Fields f) {
        f.onlyKnown(FIELDS);
        Double epochJd = f.julianRevision("epochJd", true, JulianDate.EARLIEST, 3_547_000, EPOCH_LEEWAY);
        return new OrbitalElements(f.text("designation", true), f.text("fullName", false), f.text("orbitClass", false),
                f.bool("neo", false), f.bool("pha", false), epochJd,
                epochJd == null ? null : JulianDate.toInstant(epochJd),
                f.number("e", true, 0, 1e6), f.number("a", false, -1e9, 1e9), f.number("q", true, 1e-9, 1e9),
                f.number("i", true, 0, 180), f.number("om", true, 0, 360), f.number("w", true, 0, 360),
                f.number("ma", false, -360, 360), f.number("tp", false, 0, 1e8), f.number("per", false, 0, 1e12),
                f.number("n", false, 0, 1e6));
    }

    @Override
    public Map<String, NativeFormat<OrbitalElements>> nativeFormats() {
        return Map.of("sbdb", new SbdbObject(this));
    }

    @Override
    public List<Column<OrbitalElements>> columns() {
        return List.of(
                Column.text("designation", OrbitalElements::designation),
                Column.text("full_name", OrbitalElements::fullName),
                Column.text("orbit_class", OrbitalElements::orbitClass),
                Column.bool("is_neo", OrbitalElements::neo),
                Column.bool("is_pha", OrbitalElements::pha),
                Column.time("epoch", OrbitalElements::epoch),
                Column.float8("epoch_jd", OrbitalElements::epochJd),
                Column.float8("e", OrbitalElements::e),
                Column.float8("a", OrbitalElements::a),
                Column.float8("q", OrbitalElements::q),
                Column.float8("i", OrbitalElements::i),
                Column.float8("om", OrbitalElements::om),
                Column.float8("w", OrbitalElements::w),
                Column.float8("ma", OrbitalElements::ma),
                Column.float8("tp", OrbitalElements::tp),
                Column.float8("per", OrbitalElements::per),
                Column.float8("n", OrbitalElements::n));
    }

    @Override
    public String upsert() {
        return """
                    INSERT INTO celestial.orbital_elements AS t (designation, full_name, orbit_class, is_neo, is_pha,
                           epoch, epoch_jd, e, a, q, i, om, w, ma, tp, per, n)
                    SELECT DISTINCT ON (s.designation) s.designation, s.full_name, s.orbit_class, s.is_neo, s.is_pha,
                           s.epoch, s.epoch_jd, s.e, s.a, s.q, s.i, s.om, s.w, s.ma, s.tp, s.per, s.n
                      FROM unnest(:ord::int8[], :designation::text[], :full_name::text[], :orbit_class::text[],
                                  :is_neo::bool[], :is_pha::bool[], :epoch::timestamptz[], :epoch_jd::float8[],
                                  :e::float8[], :a::float8[], :q::float8[], :i::float8[], :om::float8[], :w::float8[],
                                  :ma::float8[], :tp::float8[], :per::float8[], :n::float8[])
                           AS s(ord, designation, full_name, orbit_class, is_neo, is_pha, epoch, epoch_jd, e, a, q, i,
                                om, w, ma, tp, per, n)
                     ORDER BY s.designation, s.epoch_jd DESC, s.ord DESC
                    ON CONFLICT (designation) DO UPDATE
                       SET full_name = EXCLUDED.full_name, orbit_class = EXCLUDED.orbit_class, is_neo = EXCLUDED.is_neo,
                           is_pha = EXCLUDED.is_pha, epoch = EXCLUDED.epoch, epoch_jd = EXCLUDED.epoch_jd,
                           e = EXCLUDED.e, a = EXCLUDED.a, q = EXCLUDED.q, i = EXCLUDED.i, om = EXCLUDED.om,
                           w = EXCLUDED.w, ma = EXCLUDED.ma, tp = EXCLUDED.tp, per = EXCLUDED.per, n = EXCLUDED.n,
                           updated_at = now()
                     WHERE EXCLUDED.epoch_jd > t.epoch_jd
                    RETURNING (xmax = 0) AS inserted""";
    }
}
