package dev.celestial.risk;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.NativeFormat;
import dev.celestial.ingest.Table;
import dev.celestial.ingest.Watch.Field;
import dev.celestial.ingest.Watch;
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
class RiskIngest extends IngestKind<ImpactRisk> {

    static final Table<ImpactRisk> TABLE = Table.<ImpactRisk>of("celestial.impact_risks")
            .key(Column.text("designation", ImpactRisk::designation))
            .column(Column.text("full_name", ImpactRisk::fullName))
            .column(Column.float8("impact_probability", ImpactRisk::impactProbability))
            .column(Column.float8("palermo_cumulative", ImpactRisk::palermoCumulative))
            .column(Column.float8("palermo_max", ImpactRisk::palermoMax))
            .column(Column.int4("torino_max", ImpactRisk::torinoMax))
            .column(Column.int4("impact_count", ImpactRisk::impactCount))
            .column(Column.int4("year_from", ImpactRisk::yearFrom))
            .column(Column.int4("year_to", ImpactRisk::yearTo))
            .column(Column.text("last_observed", r -> r.lastObserved() == null ? null : r.lastObserved().toString()),
                    "s.last_observed::date")
            .column(Column.float8("last_observed_jd", ImpactRisk::lastObservedJd))
            .column(Column.float8("diameter_km", ImpactRisk::diameterKm))
            .column(Column.float8("v_inf_kms", ImpactRisk::vInfKms))
            .column(Column.float8("h_mag", ImpactRisk::h))
            .newerBy("last_observed_jd")
            .stampsUpdatedAt()
            .build();

    static final Set<String> FIELDS = Set.of("designation", "fullName", "impactProbability", "palermoCumulative",
            "palermoMax", "torinoMax", "impactCount", "yearFrom", "yearTo", "lastObserved", "lastObservedJd",
            "diameterKm", "vInfKms", "h");

    /** Triggers name an impact risk by its designation. */
    static final Watch<ImpactRisk> WATCH = new Watch<>("designation", "designation = ANY(:k0::text[])",
            "jsonb_build_object('designation', designation, 'fullName', full_name, 'torinoMax', torino_max,"
                    + " 'palermoCumulative', palermo_cumulative, 'impactProbability', impact_probability, 'diameterKm', diameter_km)",
            false,
            Map.of("torinoMax", Field.number("torino_max"), "palermoCumulative", Field.number("palermo_cumulative"),
                    "palermoMax", Field.number("palermo_max"), "impactProbability", Field.number("impact_probability"),
                    "diameterKm", Field.number("diameter_km"), "impactCount", Field.number("impact_count"),
                    "vInfKms", Field.number("v_inf_kms"), "hMag", Field.number("h_mag")),
            List.of(ImpactRisk::designation));

    RiskIngest() {
        super("impact-risks", "impact_risk", TABLE, FIELDS, WATCH);
    }

    @Override
    protected ImpactRisk record(Fields f) {
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
}
