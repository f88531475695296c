package dev.celestial.orbit;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.JulianDate;
import dev.celestial.ingest.NativeFormat;
import dev.celestial.ingest.Table;
import dev.celestial.ingest.Watch.Field;
import dev.celestial.ingest.Watch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Orbital elements into {@code celestial.orbital_elements}, one row per object; a later epoch replaces it. */
@Component
class OrbitIngest extends IngestKind<OrbitalElements> {

    static final Table<OrbitalElements> TABLE = Table.<OrbitalElements>of("celestial.orbital_elements")
            .key(Column.text("designation", OrbitalElements::designation))
            .column(Column.text("full_name", OrbitalElements::fullName))
            .column(Column.text("orbit_class", OrbitalElements::orbitClass))
            .column(Column.bool("is_neo", OrbitalElements::neo))
            .column(Column.bool("is_pha", OrbitalElements::pha))
            .column(Column.time("epoch", OrbitalElements::epoch))
            .column(Column.float8("epoch_jd", OrbitalElements::epochJd))
            .column(Column.float8("e", OrbitalElements::e))
            .column(Column.float8("a", OrbitalElements::a))
            .column(Column.float8("q", OrbitalElements::q))
            .column(Column.float8("i", OrbitalElements::i))
            .column(Column.float8("om", OrbitalElements::om))
            .column(Column.float8("w", OrbitalElements::w))
            .column(Column.float8("ma", OrbitalElements::ma))
            .column(Column.float8("tp", OrbitalElements::tp))
            .column(Column.float8("per", OrbitalElements::per))
            .column(Column.float8("n", OrbitalElements::n))
            .newerByRequired("epoch_jd")
            .stampsUpdatedAt()
            .build();

    /**
     * How far past the latest revision an epoch may lie: osculating elements are published for a standard epoch
     * that is often some months ahead.
     */
    static final Duration EPOCH_LEEWAY = Duration.ofDays(366);

    static final Set<String> FIELDS = Set.of("designation", "fullName", "orbitClass", "neo", "pha", "epochJd",
            "e", "a", "q", "i", "om", "w", "ma", "tp", "per", "n");

    /** Triggers name an orbit by its designation. */
    static final Watch<OrbitalElements> WATCH = new Watch<>("designation", "designation = ANY(:k0::text[])",
            "jsonb_build_object('designation', designation, 'fullName', full_name, 'orbitClass', orbit_class, 'e', e, 'q', q,"
                    + " 'i', i, 'neo', is_neo, 'pha', is_pha)",
            false,
            Map.of("e", Field.number("e"), "a", Field.number("a"), "q", Field.number("q"), "i", Field.number("i"),
                    "neo", Field.bool("is_neo"), "pha", Field.bool("is_pha"), "interstellar", Field.bool("is_interstellar"),
                    "orbitClass", Field.text("orbit_class")),
            List.of(OrbitalElements::designation));

    OrbitIngest() {
        super("orbital-elements", "orbital_elements", TABLE, FIELDS, WATCH);
    }

    @Override
    protected OrbitalElements record(Fields f) {
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
}
