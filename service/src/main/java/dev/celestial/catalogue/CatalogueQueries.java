package dev.celestial.catalogue;

import dev.celestial.correlation.EventKind;
import dev.celestial.correlation.Side;
import dev.celestial.db.Where;
import java.time.Instant;
import java.util.List;

/** The SQL of the catalogue: each list a keyset page, each item with its links. */
final class CatalogueQueries {

    static final List<String> CATEGORIES = List.of("solar", "lunar", "stellar", "planetary", "terrestrial");

    private CatalogueQueries() {
    }

    /** Passages by id; {@code book} exact (any case), {@code theme} a part of it (any case), {@code q} full text (English). */
    static String prophecies(Where where, String book, String theme, String q, Long afterId) {
        where.and(book, "lower(p.book) = lower(:book)", "book")
                .and(theme, "strpos(lower(p.theme), lower(:theme)) > 0", "theme")
                // the expression of prophecies_text_fts_idx, so the GIN index serves it
                .and(q, "to_tsvector('english', p.text) @@ websearch_to_tsquery('english', :q)", "q")
                .and(afterId, "p.id > :after", "after");
        return """
                SELECT row_to_json(r)::text, r.id::text FROM (
                SELECT p.id, p.reference, p.book, p.chapter, p.verse_from AS "verseFrom", p.verse_to AS "verseTo",
                       p.translation, p.theme, p.text,
                       coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'category', s.category,
                                                                   'eventKind', s.event_kind, 'note', k.note) ORDER BY s.name)
                                   FROM celestial.prophecy_sign_links k
                                   JOIN celestial.celestial_signs s ON s.id = k.sign_id
                                  WHERE k.prophecy_id = p.id), '[]') AS signs
                  FROM celestial.prophecies p
                 WHERE true""" + where.sql() + """

                 ORDER BY p.id
                 LIMIT :limit) r
                 ORDER BY r.id""";
    }

    /** Signs by id; {@code category}, {@code eventKind} exact, {@code q} full text over name and description. */
    static String signs(Where where, String category, String eventKind, String q, Long afterId) {
        where.and(category, "s.category = :category", "category")
                .and(eventKind, "s.event_kind = :eventKind", "eventKind")
                // the expression of celestial_signs_fts_idx
                .and(q, "to_tsvector('english', s.name || ' ' || s.description) @@ websearch_to_tsquery('english', :q)", "q")
                .and(afterId, "s.id > :after", "after");
        return """
                SELECT row_to_json(r)::text, r.id::text FROM (
                SELECT s.id, s.name, s.category, s.event_kind AS "eventKind", s.description, s.matcher,
                       coalesce((SELECT json_agg(json_build_object('id', p.id, 'reference', p.reference, 'theme', p.theme,
                                                                   'note', k.note) ORDER BY p.id)
                                   FROM celestial.prophecy_sign_links k
                                   JOIN celestial.prophecies p ON p.id = k.prophecy_id
                                  WHERE k.sign_id = s.id), '[]') AS prophecies
                  FROM celestial.celestial_signs s
                 WHERE true""" + where.sql() + """

                 ORDER BY s.id
                 LIMIT :limit) r
                 ORDER BY r.id""";
    }

    /** What each kind shows of a matching event beside its kind, ref and time. */
    private static String details(EventKind kind) {
        return switch (kind) {
            case EARTHQUAKE -> "'magnitude', e.magnitude, 'place', e.place, 'tsunami', e.tsunami,"
                    + " 'latitude', ST_Y(e.location::geometry), 'longitude', ST_X(e.location::geometry)";
            case SOLAR_EVENT -> "'solarKind', e.kind, 'classType', e.class_type, 'speedKms', e.cme_speed_kms";
            case VOLCANIC_ACTIVITY -> "'volcanoName', e.volcano_name, 'vei', e.vei,"
                    + " 'latitude', ST_Y(e.location::geometry), 'longitude', ST_X(e.location::geometry)";
        };
    }

    /**
     * The live events matching {@code matcher}, newest first (then by ref), in {@code [from, to)}; after a
     * cursor's time and ref. Through the kind's time index; the matcher's thresholds filter.
     */
    static String events(Where where, Side matcher, Instant from, Instant to, List<String> after) {
        EventKind kind = matcher.kind();
        String t = kind.time("e");
        String ref = kind.ref("e");
        matcher.conditions("e", "m", where);
        where.bind("eventKind", kind.label())
                .and(from, t + " >= :from", "from")
                .and(to, t + " < :to", "to");
        if (after != null) {
            where.and("(" + t + ", " + ref + ") < (:afterTime::timestamptz, :afterRef)")
                    .bind("afterTime", after.get(0)).bind("afterRef", after.get(1));
        }
        return """
                SELECT json_build_object('kind', CAST(:eventKind AS text), 'ref', %2$s, 'time', %1$s, %3$s)::text, (%1$s)::text, %2$s
                  FROM %4$s e
                 WHERE true%5$s
                 ORDER BY %1$s DESC, %2$s DESC
                 LIMIT :limit""".formatted(t, ref, details(kind), kind.table(), where.sql());
    }
}
