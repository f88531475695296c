package dev.celestial.volcano;

import dev.celestial.support.DerivedTableTests;

class VolcanoTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
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

    VolcanoTableTests() {
        super(new VolcanoIngest(), WRITTEN,
                "volcano_number", "volcano_name", "latitude", "longitude", "elevation_m", "eruption_start",
                "eruption_end", "vei", "alert_level", "activity_type", "source_updated_at");
    }
}
