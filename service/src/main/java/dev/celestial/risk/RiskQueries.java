package dev.celestial.risk;

/** The SQL of impact-risk reads: each row one JSON document the SQL writes, in a page ending {@code LIMIT :limit}. */
final class RiskQueries {

    private RiskQueries() {
    }

    /** The objects of {@code v_high_risk_objects}, highest cumulative Palermo scale first. */
    static String highRisk() {
        return """
                SELECT row_to_json(r)::text FROM (
                SELECT designation, full_name AS "fullName", impact_probability AS "impactProbability",
                       palermo_cumulative AS "palermoCumulative", palermo_max AS "palermoMax", torino_max AS "torinoMax",
                       impact_count AS "impactCount", year_from AS "yearFrom", year_to AS "yearTo", diameter_km AS "diameterKm",
                       v_inf_kms AS "vInfKms", h_mag AS h, last_observed AS "lastObserved", orbit_class AS "orbitClass", e, a, q, i
                  FROM celestial.v_high_risk_objects
                 ORDER BY palermo_cumulative DESC NULLS LAST, designation
                 LIMIT :limit) r""";
    }
}
