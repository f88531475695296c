package dev.celestial.meteor;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.Table;
import dev.celestial.ingest.Watch.Field;
import dev.celestial.ingest.Watch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Meteor showers into {@code celestial.meteor_showers}; the season defaults to the peak's UTC year. */
@Component
class MeteorIngest extends IngestKind<MeteorShower> {

    static final Table<MeteorShower> TABLE = Table.<MeteorShower>of("celestial.meteor_showers")
            .key(Column.text("iau_code", MeteorShower::iauCode))
            .key(Column.int4("season_year", MeteorShower::seasonYear))
            .column(Column.text("name", MeteorShower::name))
            .column(Column.time("peak_at", MeteorShower::peak))
            .column(Column.float8("zhr", MeteorShower::zhr))
            .column(Column.float8("radiant_ra_deg", MeteorShower::radiantRaDeg))
            .column(Column.float8("radiant_dec_deg", MeteorShower::radiantDecDeg))
            .column(Column.float8("velocity_kms", MeteorShower::velocityKms))
            .column(Column.time("active_from", MeteorShower::activeFrom))
            .column(Column.time("active_to", MeteorShower::activeTo))
            .column(Column.text("parent_body", MeteorShower::parentBody))
            .column(Column.time("source_updated_at", MeteorShower::updated))
            .newerBy("source_updated_at")
            .stampsUpdatedAt()
            .build();

    static final Set<String> FIELDS = Set.of("iauCode", "seasonYear", "name", "peak", "zhr", "radiantRaDeg",
            "radiantDecDeg", "velocityKms", "activeFrom", "activeTo", "parentBody", "updated");

    /** Triggers name a shower's season {@code <IAU code>/<season year>}. */
    static final Watch<MeteorShower> WATCH = new Watch<>("iau_code || '/' || season_year",
            "(iau_code, season_year) IN (SELECT c, y::int FROM unnest(:k0::text[], :k1::text[]) AS k (c, y))",
            "jsonb_build_object('iauCode', iau_code, 'seasonYear', season_year, 'name', name, 'peak', peak_at, 'zhr', zhr)",
            false,
            Map.of("zhr", Field.number("zhr"), "velocityKms", Field.number("velocity_kms"), "iauCode", Field.text("iau_code")),
            List.of(MeteorShower::iauCode, shower -> String.valueOf(shower.seasonYear())));

    MeteorIngest() {
        super("meteor-showers", "meteor_shower", TABLE, FIELDS, WATCH);
    }

    @Override
    protected MeteorShower record(Fields f) {
        String code = f.text("iauCode", true);
        if (code != null && !code.matches("[A-Z]{3}")) {
            f.error("iauCode", "must be three capital letters, e.g. PER");
        }
        Instant peak = f.time("peak", true);
        Integer season = f.integer("seasonYear", false, 1, 9999);
        Instant from = f.time("activeFrom", false);
        Instant to = f.time("activeTo", false);
        if (from != null && to != null && to.isBefore(from)) {
            f.error("activeTo", "must not be before activeFrom");
        }
        // a missing peak is already an error; the record is never written then
        Integer seasonYear = season != null ? season : peak == null ? null : Integer.valueOf(peak.atOffset(ZoneOffset.UTC).getYear());
        return new MeteorShower(code, seasonYear,
                f.text("name", true), peak, f.number("zhr", false, 0, 1_000_000), f.number("radiantRaDeg", false, 0, 359.999999),
                f.number("radiantDecDeg", false, -90, 90), f.number("velocityKms", false, 1, 100), from, to,
                f.text("parentBody", false), f.revision("updated", false));
    }
}
