package dev.celestial.volcano;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import dev.celestial.ingest.Table;
import dev.celestial.ingest.Watch.Field;
import dev.celestial.ingest.Watch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Volcanic activity into {@code celestial.volcanic_activity}; a later {@code updated} replaces a row. */
@Component
class VolcanoIngest extends IngestKind<Eruption> {

    static final Table<Eruption> TABLE = Table.<Eruption>of("celestial.volcanic_activity")
            .key(Column.text("volcano_number", Eruption::volcanoNumber))
            .column(Column.text("volcano_name", Eruption::volcanoName))
            .point("location", Column.float8("latitude", Eruption::latitude), Column.float8("longitude", Eruption::longitude))
            .column(Column.float8("elevation_m", Eruption::elevationM))
            .key(Column.time("eruption_start", Eruption::start))
            .column(Column.time("eruption_end", Eruption::end))
            .column(Column.int4("vei", Eruption::vei), "s.vei::smallint")
            .column(Column.text("alert_level", Eruption::alertLevel))
            .column(Column.text("activity_type", Eruption::activityType))
            .column(Column.time("source_updated_at", Eruption::updated))
            .skip("""
                     -- an archived eruption stays in the archive, unchanged: it is never inserted again as live
                     WHERE NOT EXISTS (SELECT FROM celestial.volcanic_activity_archive a
                                        WHERE a.volcano_number = s.volcano_number AND a.eruption_start = s.eruption_start)""")
            .newerBy("source_updated_at")
            .stampsUpdatedAt()
            .build();

    static final Set<String> FIELDS = Set.of("volcanoNumber", "volcanoName", "latitude", "longitude", "elevationM",
            "eruptionStart", "eruptionEnd", "vei", "alertLevel", "activityType", "updated");
    static final Set<String> ALERT_LEVELS = Set.of("normal", "advisory", "watch", "warning");

    /** Triggers name an eruption {@code <volcano number>/<start, ISO 8601 UTC to the second>}. */
    static final Watch<Eruption> WATCH = new Watch<>(
            "volcano_number || '/' || to_char(eruption_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            "(volcano_number, eruption_start) IN (SELECT n, s::timestamptz FROM unnest(:k0::text[], :k1::text[]) AS k (n, s))",
            "jsonb_build_object('volcanoName', volcano_name, 'volcanoNumber', volcano_number, 'start', eruption_start, 'vei', vei,"
                    + " 'alertLevel', alert_level, 'latitude', ST_Y(location::geometry), 'longitude', ST_X(location::geometry))",
            true,
            Map.of("vei", Field.number("vei"), "elevationM", Field.number("elevation_m"),
                    "alertLevel", Field.text("alert_level"), "activityType", Field.text("activity_type")),
            List.of(Eruption::volcanoNumber, eruption -> String.valueOf(eruption.start())));

    VolcanoIngest() {
        super("volcanic-activity", "volcanic_activity", TABLE, FIELDS, WATCH);
    }

    @Override
    protected Eruption record(Fields f) {
        String alert = f.text("alertLevel", false);
        if (alert != null && !ALERT_LEVELS.contains(alert)) {
            f.error("alertLevel", "must be one of normal, advisory, watch, warning");
        }
        Eruption eruption = new Eruption(f.text("volcanoNumber", true), f.text("volcanoName", true),
                f.number("latitude", true, -90, 90), f.number("longitude", true, -180, 180),
                f.number("elevationM", false, -11_000, 9_000), f.time("eruptionStart", true), f.time("eruptionEnd", false),
                f.integer("vei", false, 0, 8), alert, f.text("activityType", false), f.revision("updated", false));
        if (eruption.start() != null && eruption.end() != null && eruption.end().isBefore(eruption.start())) {
            f.error("eruptionEnd", "must not be before eruptionStart");
        }
        return eruption;
    }
}
