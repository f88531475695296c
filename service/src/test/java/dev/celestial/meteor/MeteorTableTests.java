package dev.celestial.meteor;

import dev.celestial.support.DerivedTableTests;

class MeteorTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
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

    MeteorTableTests() {
        super(new MeteorIngest(), WRITTEN,
                "iau_code", "season_year", "name", "peak_at", "zhr", "radiant_ra_deg", "radiant_dec_deg",
                "velocity_kms", "active_from", "active_to", "parent_body", "source_updated_at");
    }
}
