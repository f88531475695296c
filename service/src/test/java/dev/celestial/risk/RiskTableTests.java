package dev.celestial.risk;

import dev.celestial.support.DerivedTableTests;

class RiskTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
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

    RiskTableTests() {
        super(new RiskIngest(), WRITTEN,
                "designation", "full_name", "impact_probability", "palermo_cumulative", "palermo_max", "torino_max",
                "impact_count", "year_from", "year_to", "last_observed", "last_observed_jd", "diameter_km",
                "v_inf_kms", "h_mag");
    }
}
