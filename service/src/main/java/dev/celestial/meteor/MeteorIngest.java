package dev.celestial.meteor;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Meteor showers into {@code celestial.meteor_showers}; the season defaults to the peak's UTC year. */
@Component
class MeteorIngest implements IngestKind<MeteorShower> {

    static final Set<String> FIELDS = Set.of("iauCode", "seasonYear", "name", "peak", "zhr", "radiantRaDeg",
            "radiantDecDeg", "velocityKms", "activeFrom", "activeTo", "parentBody", "updated");

    @Override
    public String name() {
        return "meteor-showers";
    }

    @Override
    public String table() {
        return "celestial.meteor_showers";
    }

    @Override
    public MeteorShower read(Fields f) {
        f.onlyKnown(FIELDS);
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

    @Override
    public List<Column<MeteorShower>> columns() {
        return List.of(
                Column.text("iau_code", MeteorShower::iauCode),
                Column.int4("season_year", MeteorShower::seasonYear),
                Column.text("name", MeteorShower::name),
                Column.time("peak_at", MeteorShower::peak),
                Column.float8("zhr", MeteorShower::zhr),
                Column.float8("radiant_ra_deg", MeteorShower::radiantRaDeg),
                Column.float8("radiant_dec_deg", MeteorShower::radiantDecDeg),
                Column.float8("velocity_kms", MeteorShower::velocityKms),
                Column.time("active_from", MeteorShower::activeFrom),
                Column.time("active_to", MeteorShower::activeTo),
                Column.text("parent_body", MeteorShower::parentBody),
                Column.time("source_updated_at", MeteorShower::updated));
    }

    @Override
    public String upsert() {
        return """
                    INSERT INTO celestial.meteor_showers AS t (iau_code, season_year, name, peak_at, zhr, radiant_ra_deg,
                           radiant_dec_deg, velocity_kms, active_from, active_to, parent_body, source_updated_at)
                    SELECT DISTINCT ON (s.iau_code, s.season_year) s.iau_code, s.season_year, s.name, s.peak_at, s.zhr,
                           s.radiant_ra_deg, s.radiant_dec_deg, s.velocity_kms, s.active_from, s.active_to,
                           s.parent_body, s.source_updated_at
                      FROM unnest(:ord::int8[], :iau_code::text[], :season_year::int4[], :name::text[],
                                  :peak_at::timestamptz[], :zhr::float8[], :radiant_ra_deg::float8[],
                                  :radiant_dec_deg::float8[], :velocity_kms::float8[], :active_from::timestamptz[],
                                  :active_to::timestamptz[], :parent_body::text[], :source_updated_at::timestamptz[])
                           AS s(ord, iau_code, season_year, name, peak_at, zhr, radiant_ra_deg, radiant_dec_deg,
                                velocity_kms, active_from, active_to, parent_body, source_updated_at)
                     ORDER BY s.iau_code, s.season_year, s.source_updated_at DESC NULLS LAST, s.ord DESC
                    ON CONFLICT (iau_code, season_year) DO UPDATE
                       SET name = EXCLUDED.name, peak_at = EXCLUDED.peak_at, zhr = EXCLUDED.zhr,
                           radiant_ra_deg = EXCLUDED.radiant_ra_deg, radiant_dec_deg = EXCLUDED.radiant_dec_deg,
                           velocity_kms = EXCLUDED.velocity_kms, active_from = EXCLUDED.active_from,
                           active_to = EXCLUDED.active_to, parent_body = EXCLUDED.parent_body,
                           source_updated_at = EXCLUDED.source_updated_at, updated_at = now()
                     WHERE EXCLUDED.source_updated_at > t.source_updated_at
                        OR (t.source_updated_at IS NULL AND EXCLUDED.source_updated_at IS NOT NULL)
                    RETURNING (xmax = 0) AS inserted""";
    }
}
