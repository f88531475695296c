package dev.celestial.orbit;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/** The SQL of orbital-element reads: each row one JSON document the SQL writes ({@code doc}). */
final class OrbitQueries {

    private static final String ELEMENTS = """
            SELECT row_to_json(r)::text AS doc FROM (
            SELECT designation, full_name AS "fullName", orbit_class AS "orbitClass", is_neo AS neo, is_pha AS pha,
                   epoch, epoch_jd AS "epochJd", e, a, q, i, om, w, ma, tp, per, n, is_interstellar AS interstellar
              FROM celestial.orbital_elements""";

    private OrbitQueries() {
    }

    /** Every object, interstellar ones only or none of them when {@code interstellar} is given, by designation; ends {@code LIMIT :limit}. */
    static String list(Boolean interstellar) {
        String where = interstellar == null ? "" : interstellar ? " WHERE is_interstellar" : " WHERE NOT is_interstellar";
        return ELEMENTS + where + " ORDER BY designation LIMIT :limit) r";
    }

    /** The elements of one object, if stored. */
    static Flux<String> one(DatabaseClient db, String designation) {
        return db.sql(ELEMENTS + " WHERE designation = :designation) r")
                .bind("designation", designation)
                .map(row -> row.get("doc", String.class))
                .all();
    }
}
