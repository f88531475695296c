package dev.celestial.support;

import java.util.List;

/**
 * One representative row per table, keyed by the migration version that creates the table and
 * listed in an order that satisfies foreign keys. Natural keys start with "test".
 */
public final class SampleRows {

    /** {@code key} is a condition that finds the sample's row in its table. */
    public record Sample(int version, String table, String key, String insert) {

        /** Whether the row belongs to data the repeatable migrations own (and so may replace). */
        public boolean referenceData() {
            return table.equals("prophecies") || table.equals("celestial_signs") || table.equals("prophecy_sign_links");
        }
    }

    public static final List<Sample> ALL = List.of(
            new Sample(2, "ephemeris_vectors", "designation = 'test-1'", """
                    INSERT INTO celestial.ephemeris_vectors (designation, center, reference_frame, epoch_tdb, julian_date_tdb,
                                                             x, y, z, vx, vy, vz, units)
                    VALUES ('test-1', '500@10', 'ecliptic J2000', '2022-06-10T00:00Z', 2459740.5, 1, 2, 3, 0.1, 0.2, 0.3, 'AU-D')"""),
            new Sample(2, "orbital_elements", "designation = 'test-1'", """
                    INSERT INTO celestial.orbital_elements (designation, epoch, epoch_jd, e, q, i, om, w)
                    VALUES ('test-1', '2022-08-09T00:00Z', 2459800.5, 0.0789, 2.55, 10.59, 80.25, 73.42)"""),
            new Sample(2, "impact_risks", "designation = 'test-1'", """
                    INSERT INTO celestial.impact_risks (designation, impact_probability, palermo_cumulative, torino_max, year_from, year_to)
                    VALUES ('test-1', 1e-5, -3.1, 0, 2060, 2100)"""),
            new Sample(3, "earthquakes", "source_id = 'test-1'", """
                    INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, depth_km, location, place)
                    VALUES ('test-1', now(), 5.1, 10, 'SRID=4326;POINT(139.7 35.7)', '10 km S of Tokyo, Japan')"""),
            new Sample(3, "volcanic_activity", "volcano_number = 'test-283030'", """
                    INSERT INTO celestial.volcanic_activity (volcano_number, volcano_name, location, eruption_start, vei)
                    VALUES ('test-283030', 'Fuji', 'SRID=4326;POINT(138.73 35.36)', '1707-12-16T00:00Z', 5)"""),
            new Sample(4, "solar_events", "event_id = 'test-1'", """
                    INSERT INTO celestial.solar_events (kind, event_id, begin_at, class_type)
                    VALUES ('flare', 'test-1', now(), 'X1.0')"""),
            new Sample(4, "meteor_showers", "season_year = 1999", """
                    INSERT INTO celestial.meteor_showers (iau_code, season_year, name, peak_at)
                    VALUES ('PER', 1999, 'Perseids (test)', '1999-08-12T20:00Z')"""),
            new Sample(5, "prophecies", "reference = 'test 1:1'", """
                    INSERT INTO celestial.prophecies (reference, book, chapter, verse_from, verse_to, text)
                    VALUES ('test 1:1', 'test', 1, 1, 1, 'a test passage about the moon')"""),
            new Sample(5, "celestial_signs", "name = 'test sign'", """
                    INSERT INTO celestial.celestial_signs (name, category, description)
                    VALUES ('test sign', 'stellar', 'a test sign')"""),
            new Sample(5, "prophecy_sign_links", "prophecy_id IN (SELECT id FROM celestial.prophecies WHERE reference = 'test 1:1')", """
                    INSERT INTO celestial.prophecy_sign_links (prophecy_id, sign_id)
                    SELECT p.id, s.id FROM celestial.prophecies p, celestial.celestial_signs s
                     WHERE p.reference = 'test 1:1' AND s.name = 'test sign'"""),
            new Sample(6, "data_triggers", "name = 'test trigger'", """
                    INSERT INTO celestial.data_triggers (name, event_kind, conditions)
                    VALUES ('test trigger', 'earthquake', '{"magnitude": {"gte": 7}}')"""),
            new Sample(6, "alerts", "event_ref = 'test-1'", """
                    INSERT INTO celestial.alerts (trigger_id, event_kind, event_ref, severity)
                    SELECT id, 'earthquake', 'test-1', 'critical' FROM celestial.data_triggers WHERE name = 'test trigger'"""),
            new Sample(6, "correlation_rules", "name = 'test rule'", """
                    INSERT INTO celestial.correlation_rules (name, rule)
                    VALUES ('test rule', '{"withinHours": 48}')"""),
            new Sample(6, "event_correlations", "first_ref = 'test-1'", """
                    INSERT INTO celestial.event_correlations (rule_id, first_kind, first_ref, second_kind, second_ref, time_delta, score)
                    SELECT id, 'solar_event', 'test-1', 'earthquake', 'test-1', interval '5 hours', 0.5
                      FROM celestial.correlation_rules WHERE name = 'test rule'"""));

    private SampleRows() {
    }

    /** The samples a row of {@code table} depends on (same version, listed before it), then its own. */
    public static List<Sample> upTo(String table) {
        Sample target = ALL.stream().filter(s -> s.table().equals(table)).findFirst().orElseThrow();
        return ALL.subList(0, ALL.indexOf(target) + 1).stream().filter(s -> s.version() == target.version()).toList();
    }
}
