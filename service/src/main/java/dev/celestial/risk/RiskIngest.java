package dev.celestial.risk;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.NativeFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Impact risks into {@code celestial.impact_risks}: own records and the JPL Sentry summary. A record
 * with a later last observation replaces the object's row.
 */
@Component
class RiskIngest implements IngestKind<ImpactRisk> {

    static final Set<String> FIELDS = Set.of("designation", "fullName", "impactProbability", "palermoCumulative",
            "palermoMax", "torinoMax", "impactCount", "yearFrom", "yearTo", "lastObserved", "lastObservedJd",
            "diameterKm", "vInfKms", "h");

    @Override
    public String name() {
        return "impact-risks";
    }

    @Override
    public String table() {
        return "celestial.impact_risks";
    }

    @Override
    public ImpactRisk read(Fields f) {
        f.onlyKnown(FIELDS);
        Integer from = f.integer("yearFrom", false, 1900, 3500);
        Integer to = f.integer("yearTo", false, 1900, 3500);
        if (from != null && to != null && to < from) {
            f.error("yearTo", "must not be before yearFrom");
        }
        return new ImpactRisk(f.text("designation", true), f.text("fullName", false),
                f.number("impactProbability", true, 0, 1), f.number("palermoCumulative", false, -100, 100),
                f.number("palermoMax", false, -100, 100), f.integer("torinoMax", false, 0, 10),
                f.integer("impactCount", false, 0, 1_000_000), from, to, date(f, "lastObserved"),
                f.julianRevision("lastObservedJd", false, 2_000_000, 3_000_000, Duration.ZERO),
                f.number("diameterKm", false, 0, 1000), f.number("vInfKms", false, 0, 100), f.number("h", false, -10, 40));
    }

    private static LocalDate date(Fields f, String name) {
        String text = f.text(name, false);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            f.error(name, "must be a date such as 2021-03-08");
            return null;
        }
        return f.revision(name, date.atStartOfDay(ZoneOffset.UTC).toInstant(), Duration.ZERO) == null ? null : date;
    }

    @Override
    public Map<String, NativeFormat<ImpactRisk>> nativeFormats() {
        return Map.of("sentry", new SentrySummary(this));
    }

    @Override
    public List<Column<ImpactRisk>> columns() {
        return List.of(
                Column.text("designation", ImpactRisk::designation),
                Column.text("full_name", ImpactRisk::fullName),
                Column.float8("impact_probability", ImpactRisk::impactProbability),
                Column.float8("palermo_cumulative", ImpactRisk::palermoCumulative),
                Column.float8("palermo_max", ImpactRisk::palermoMax),
                Column.int4("torino_max", ImpactRisk::torinoMax),
                Column.int4("impact_count", ImpactRisk::impactCount),
                Column.int4("year_from", ImpactRisk::yearFrom),
                Column.int4("year_to", ImpactRisk::yearTo),
                Column.text("last_observed", r -> r.lastObserved() == null ? null : r.lastObserved().toString()),
                Column.float8("last_observed_jd", ImpactRisk::lastObservedJd),
                Column.float8("diameter_km", ImpactRisk::diameterKm),
                Column.float8("v_inf_kms", ImpactRisk::vInfKms),
                Column.float8("h_mag", ImpactRisk::h));
    }

    @Override
    public String upsert() {
        return """
                    INSERT INTO celestial.impact_risks AS t (designation, full_name, impact_probability,
                           palermo_cumulative, palermo_max, torino_max, impact_count, year_from, year_to, last_observed,
                           last_observed_jd, diameter_km, v_inf_kms, h_mag)
                    SELECT DISTINCT ON (s.designation) s.designation, s.full_name, s.impact_probability,
                           s.palermo_cumulative, s.palermo_max, s.torino_max, s.impact_count, s.year_from, s.year_to,
                           s.last_observed::date, s.last_observed_jd, s.diameter_km, s.v_inf_kms, s.h_mag
                      FROM unnest(:ord::int8[], :designation::text[], :full_name::text[], :impact_probability::float8[],
                                  :palermo_cumulative::float8[], :palermo_max::float8[], :torino_max::int4[],
                                  :impact_count::int4[], :year_from::int4[], :year_to::int4[], :last_observed::text[],
                                  :last_observed_jd::float8[], :diameter_km::float8[], :v_inf_kms::float8[], :h_mag::float8[])
                           AS s(ord, designation, full_name, impact_probability, palermo_cumulative, palermo_max,
                                torino_max, impact_count, year_from, year_to, last_observed, last_observed_jd,
                                diameter_km, v_inf_kms, h_mag)
                     ORDER BY s.designation, s.last_observed_jd DESC NULLS LAST, s.ord DESC
                    ON CONFLICT (designation) DO UPDATE
                       SET full_name = EXCLUDED.full_name, impact_probability = EXCLUDED.impact_probability,
                           palermo_cumulative = EXCLUDED.palermo_cumulative, palermo_max = EXCLUDED.palermo_max,
                           torino_max = EXCLUDED.torino_max, impact_count = EXCLUDED.impact_count,
                           year_from = EXCLUDED.year_from, year_to = EXCLUDED.year_to,
                           last_observed = EXCLUDED.last_observed, last_observed_jd = EXCLUDED.last_observed_jd,
                           diameter_km = EXCLUDED.diameter_km, v_inf_kms = EXCLUDED.v_inf_kms, h_mag = EXCLUDED.h_mag,
                           updated_at = now()
                     WHERE EXCLUDED.last_observed_jd > t.last_observed_jd
                        OR (t.last_observed_jd IS NULL AND EXCLUDED.last_observed_jd IS NOT NULL)
                    RETURNING (xmax = 0) AS inserted""";
    }
}
