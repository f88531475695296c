package dev.celestial.solar;

import dev.celestial.support.DerivedTableTests;

class SolarEventTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
            INSERT INTO celestial.solar_events AS t (kind, event_id, begin_at, peak_at, end_at, class_type,
                   source_location, active_region, cme_speed_kms, cme_half_angle, cme_latitude, cme_longitude,
                   linked_event_ids, source_version, source_updated_at, details)
            SELECT DISTINCT ON (s.event_id) s.kind, s.event_id, s.begin_at, s.peak_at, s.end_at, s.class_type,
                   s.source_location, s.active_region, s.cme_speed_kms, s.cme_half_angle, s.cme_latitude,
                   s.cme_longitude, ARRAY(SELECT jsonb_array_elements_text(s.linked_event_ids::jsonb)),
                   s.source_version, s.source_updated_at, s.details::jsonb
              FROM unnest(:ord::int8[], :kind::text[], :event_id::text[], :begin_at::timestamptz[],
                          :peak_at::timestamptz[], :end_at::timestamptz[], :class_type::text[],
                          :source_location::text[], :active_region::int4[], :cme_speed_kms::float8[],
                          :cme_half_angle::float8[], :cme_latitude::float8[], :cme_longitude::float8[],
                          :linked_event_ids::text[], :source_version::int4[], :source_updated_at::timestamptz[],
                          :details::text[])
                   AS s(ord, kind, event_id, begin_at, peak_at, end_at, class_type, source_location,
                        active_region, cme_speed_kms, cme_half_angle, cme_latitude, cme_longitude,
                        linked_event_ids, source_version, source_updated_at, details)
             -- an archived event stays in the archive, unchanged: it is never inserted again as live
             WHERE NOT EXISTS (SELECT FROM celestial.solar_events_archive_keys a WHERE a.event_id = s.event_id)
             ORDER BY s.event_id, s.source_version DESC NULLS LAST, s.source_updated_at DESC NULLS LAST, s.ord DESC
            ON CONFLICT (event_id) DO UPDATE
               SET kind = EXCLUDED.kind, begin_at = EXCLUDED.begin_at, peak_at = EXCLUDED.peak_at,
                   end_at = EXCLUDED.end_at, class_type = EXCLUDED.class_type,
                   source_location = EXCLUDED.source_location, active_region = EXCLUDED.active_region,
                   cme_speed_kms = EXCLUDED.cme_speed_kms, cme_half_angle = EXCLUDED.cme_half_angle,
                   cme_latitude = EXCLUDED.cme_latitude, cme_longitude = EXCLUDED.cme_longitude,
                   linked_event_ids = EXCLUDED.linked_event_ids, source_version = EXCLUDED.source_version,
                   source_updated_at = EXCLUDED.source_updated_at, details = EXCLUDED.details, updated_at = now()
             WHERE (coalesce(EXCLUDED.source_version, -1), coalesce(EXCLUDED.source_updated_at, '-infinity'))
                 > (coalesce(t.source_version, -1), coalesce(t.source_updated_at, '-infinity'))
            RETURNING (xmax = 0) AS inserted""";

    SolarEventTableTests() {
        super(new SolarEventIngest(), WRITTEN,
                "kind", "event_id", "begin_at", "peak_at", "end_at", "class_type", "source_location",
                "active_region", "cme_speed_kms", "cme_half_angle", "cme_latitude", "cme_longitude",
                "linked_event_ids", "source_version", "source_updated_at", "details");
    }
}
