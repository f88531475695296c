package dev.celestial.volcano;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.Fields;
import dev.celestial.ingest.IngestKind;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Volcanic activity into {@code celestial.volcanic_activity}; a later {@code updated} replaces a row. */
@Component
class VolcanoIngest implements IngestKind<Eruption> {

    static final Set<String> FIELDS = Set.of("volcanoNumber", "volcanoName", "latitude", "longitude", "elevationM",
            "eruptionStart", "eruptionEnd", "vei", "alertLevel", "activityType", "updated");
    static final Set<String> ALERT_LEVELS = Set.of("normal", "advisory", "watch", "warning");

    @Override
    public String name() {
        return "volcanic-activity";
    }

    @Override
    public String table() {
        return "celestial.volcanic_activity";
    }

    @Override
    public Eruption read(Fields f) {
        f.onlyKnown(FIELDS);
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

    @Override
    public List<Column<Eruption>> columns() {
        return List.of(
                Column.text("volcano_number", Eruption::volcanoNumber),
                Column.text("volcano_name", Eruption::volcanoName),
                Column.float8("latitude", Eruption::latitude),
                Column.float8("longitude", Eruption::longitude),
                Column.float8("elevation_m", Eruption::elevationM),
                Column.time("eruption_start", Eruption::start),
                Column.time("eruption_end", Eruption::end),
                Column.int4("vei", Eruption::vei),
                Column.text("alert_level", Eruption::alertLevel),
                Column.text("activity_type", Eruption::activityType),
                Column.time("source_updated_at", Eruption::updated));
    }

    @Override
    public String upsert() {
        return """
                    INSERT INTO celestial.volcanic_activity AS t (volcano_number, volcano_name, location, elevation_m,
                           eruption_start, eruption_end, vei, alert_level, activity_type, source_updated_at)
                    SELECT DISTINCT ON (s.volcano_number, s.eruption_start) s.volcano_number, s.volcano_name,
                           ST_SetSRID(ST_MakePoint(s.longitude, s.latitude), 4326)::geography, s.elevation_m,
                           s.eruption_start, s.eruption_end, s.vei::smallint, s.alert_level, s.activity_type,
                           s.source_updated_at
                      FROM unnest(:ord::int8[], :volcano_number::text[], :volcano_name::text[], :latitude::float8[],
                                  :longitude::float8[], :elevation_m::float8[], :eruption_start::timestamptz[],
                                  :eruption_end::timestamptz[], :vei::int4[], :alert_level::text[],
                                  :activity_type::text[], :source_updated_at::timestamptz[])
                           AS s(ord, volcano_number, volcano_name, latitude, longitude, elevation_m, eruption_start,
                                eruption_end, vei, alert_level, activity_type, source_updated_at)
                     -- an archived eruption stays in the archive, unchanged: it is never inserted again as live
                     WHERE NOT EXISTS (SELECT FROM celestial.volcanic_activity_archive a
                                        WHERE a.volcano_number = s.volcano_number AND a.eruption_start = s.eruption_start)
                     ORDER BY s.volcano_number, s.eruption_start, s.source_updated_at DESC NULLS LAST, s.ord DESC
                    ON CONFLICT (volcano_number, eruption_start) DO UPDATE
                       SET volcano_name = EXCLUDED.volcano_name, location = EXCLUDED.location,
                           elevation_m = EXCLUDED.elevation_m, eruption_end = EXCLUDED.eruption_end, vei = EXCLUDED.vei,
                           alert_level = EXCLUDED.alert_level, activity_type = EXCLUDED.activity_type,
                           source_updated_at = EXCLUDED.source_updated_at, updated_at = now()
                     WHERE EXCLUDED.source_updated_at > t.source_updated_at
                        OR (t.source_updated_at IS NULL AND EXCLUDED.source_updated_at IS NOT NULL)
                    RETURNING (xmax = 0) AS inserted""";
    }
}
