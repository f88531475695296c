package dev.celestial.earthquake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Column;
import dev.celestial.support.DerivedTableTests;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarthquakeTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     * The unnest lists the staged columns in the table's order now ({@code latitude, longitude} where
     * {@code location} is); a column's place among them changes nothing, each being bound by name.
     */
    private static final String WRITTEN = """
            INSERT INTO celestial.earthquakes AS t (source_id, occurred_at, source_updated_at, magnitude, mag_type,
                   depth_km, location, place, status, tsunami, significance, network, code, alert_level, felt,
                   cdi, mmi, url, extras)
            SELECT DISTINCT ON (s.source_id) s.source_id, s.occurred_at, s.source_updated_at, s.magnitude,
                   s.mag_type, s.depth_km, ST_SetSRID(ST_MakePoint(s.longitude, s.latitude), 4326)::geography,
                   s.place, s.status, s.tsunami, s.significance, s.network, s.code, s.alert_level, s.felt,
                   s.cdi, s.mmi, s.url, coalesce(s.extras::jsonb, '{}')
              FROM unnest(:ord::int8[], :source_id::text[], :occurred_at::timestamptz[],
                          :source_updated_at::timestamptz[], :magnitude::float8[], :mag_type::text[],
                          :depth_km::float8[], :latitude::float8[], :longitude::float8[], :place::text[],
                          :status::text[], :tsunami::bool[], :significance::int4[], :network::text[],
                          :code::text[], :alert_level::text[], :felt::int4[], :cdi::float8[], :mmi::float8[],
                          :url::text[], :extras::text[])
                   AS s(ord, source_id, occurred_at, source_updated_at, magnitude, mag_type,
                        depth_km, latitude, longitude, place, status, tsunami, significance, network, code, alert_level, felt, cdi,
                        mmi, url, extras)
             -- an archived event stays in the archive, unchanged: it is never inserted again as live
             WHERE NOT EXISTS (SELECT FROM celestial.earthquakes_archive_keys a WHERE a.source_id = s.source_id)
             ORDER BY s.source_id, s.source_updated_at DESC NULLS LAST, s.ord DESC
            ON CONFLICT (source_id) DO UPDATE
               SET occurred_at = EXCLUDED.occurred_at, source_updated_at = EXCLUDED.source_updated_at,
                   magnitude = EXCLUDED.magnitude, mag_type = EXCLUDED.mag_type, depth_km = EXCLUDED.depth_km,
                   location = EXCLUDED.location, place = EXCLUDED.place, status = EXCLUDED.status,
                   tsunami = EXCLUDED.tsunami, significance = EXCLUDED.significance, network = EXCLUDED.network,
                   code = EXCLUDED.code, alert_level = EXCLUDED.alert_level, felt = EXCLUDED.felt,
                   cdi = EXCLUDED.cdi, mmi = EXCLUDED.mmi, url = EXCLUDED.url, extras = EXCLUDED.extras,
                   updated_at = now()
             WHERE EXCLUDED.source_updated_at > t.source_updated_at
                OR (t.source_updated_at IS NULL AND EXCLUDED.source_updated_at IS NOT NULL)
            RETURNING (xmax = 0) AS inserted""";

    EarthquakeTableTests() {
        super(new EarthquakeIngest(), WRITTEN,
                "source_id", "occurred_at", "source_updated_at", "latitude", "longitude", "magnitude", "mag_type",
                "depth_km", "place", "status", "tsunami", "significance", "network", "code", "alert_level", "felt",
                "cdi", "mmi", "url", "extras");
    }

    @Test
    void copiesEveryColumnOfTheTableWithLocationAsEwkt() {
        Earthquake quake = new Earthquake("ci1", Instant.parse("2024-01-02T03:04:05.123456Z"), null, 35.5, -120.25, 4.1,
                "ml", 7.0, "somewhere", null, false, 300, "ci", "1", null, null, null, null, null, null);
        Map<String, Object> copied = new LinkedHashMap<>();
        EarthquakeIngest.TABLE.copied().forEach(column -> copied.put(column.name(), column.value().apply(quake)));
        assertThat(copied.keySet()).containsExactly("source_id", "occurred_at", "source_updated_at", "magnitude", "mag_type",
                "depth_km", "location", "place", "status", "tsunami", "significance", "network", "code", "alert_level", "felt",
                "cdi", "mmi", "url", "extras");
        assertThat(copied).containsEntry("location", "SRID=4326;POINT(-120.25 35.5)").containsEntry("extras", "{}")
                .containsEntry("occurred_at", quake.time()).containsEntry("magnitude", 4.1).containsEntry("place", "somewhere");
    }
}
