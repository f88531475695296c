package dev.celestial.orbit;

import dev.celestial.support.DerivedTableTests;

class OrbitTableTests extends DerivedTableTests {

    /**
     * The upsert as it was written by hand before the table was declared, compared apart from whitespace.
     */
    private static final String WRITTEN = """
            INSERT INTO celestial.orbital_elements AS t (designation, full_name, orbit_class, is_neo, is_pha,
                   epoch, epoch_jd, e, a, q, i, om, w, ma, tp, per, n)
            SELECT DISTINCT ON (s.designation) s.designation, s.full_name, s.orbit_class, s.is_neo, s.is_pha,
                   s.epoch, s.epoch_jd, s.e, s.a, s.q, s.i, s.om, s.w, s.ma, s.tp, s.per, s.n
              FROM unnest(:ord::int8[], :designation::text[], :full_name::text[], :orbit_class::text[],
                          :is_neo::bool[], :is_pha::bool[], :epoch::timestamptz[], :epoch_jd::float8[],
                          :e::float8[], :a::float8[], :q::float8[], :i::float8[], :om::float8[], :w::float8[],
                          :ma::float8[], :tp::float8[], :per::float8[], :n::float8[])
                   AS s(ord, designation, full_name, orbit_class, is_neo, is_pha, epoch, epoch_jd, e, a, q, i,
                        om, w, ma, tp, per, n)
             ORDER BY s.designation, s.epoch_jd DESC, s.ord DESC
            ON CONFLICT (designation) DO UPDATE
               SET full_name = EXCLUDED.full_name, orbit_class = EXCLUDED.orbit_class, is_neo = EXCLUDED.is_neo,
                   is_pha = EXCLUDED.is_pha, epoch = EXCLUDED.epoch, epoch_jd = EXCLUDED.epoch_jd,
                   e = EXCLUDED.e, a = EXCLUDED.a, q = EXCLUDED.q, i = EXCLUDED.i, om = EXCLUDED.om,
                   w = EXCLUDED.w, ma = EXCLUDED.ma, tp = EXCLUDED.tp, per = EXCLUDED.per, n = EXCLUDED.n,
                   updated_at = now()
             WHERE EXCLUDED.epoch_jd > t.epoch_jd
            RETURNING (xmax = 0) AS inserted""";

    OrbitTableTests() {
        super(new OrbitIngest(), WRITTEN,
                "designation", "full_name", "orbit_class", "is_neo", "is_pha", "epoch", "epoch_jd", "e", "a", "q",
                "i", "om", "w", "ma", "tp", "per", "n");
    }
}
