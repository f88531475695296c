package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.SampleRows;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import dev.celestial.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema as the service and its operators rely on it, checked on the migrated primary and replica. */
@IntegrationTest
@CleanEventTables
class SchemaContractIntegrationTests {

    static final List<String> TABLES = List.of("ephemeris_vectors", "orbital_elements", "impact_risks",
            "earthquakes", "volcanic_activity", "solar_events", "meteor_showers", "prophecies",
            "celestial_signs", "prophecy_sign_links", "data_triggers", "alerts", "correlation_rules",
            "event_correlations");

    final TestDatabase db = TestDatabase.get();

    interface Work<T> {
        T run(Statement statement) throws SQLException;
    }

    /** Runs work in a transaction on the primary that is always rolled back. */
    <T> T rolledBack(Role role, Work<T> work) throws SQLException {
        try (Connection connection = db.connect(Node.PRIMARY, role)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                return work.run(statement);
            } finally {
                connection.rollback();
            }
        }
    }

    String sqlStateOf(Role role, String... statements) throws SQLException {
        return rolledBack(role, statement -> {
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            }
        });
    }

    static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static String plan(Statement statement, String query) throws SQLException {
        statement.execute("SET LOCAL enable_seqscan = off");
        return String.join("\n", column(statement, "EXPLAIN " + query));
    }

    @Test
    void allFourteenDomainTablesLiveInSchemaCelestial() throws SQLException {
        List<String> tables = rolledBack(Role.READER, s -> column(s,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'celestial' AND table_type = 'BASE TABLE'"));
        assertThat(tables).containsAll(TABLES);
        List<String> inPublic = rolledBack(Role.OWNER, s -> column(s,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'"));
        assertThat(inPublic).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ephemeris_vectors", "orbital_elements", "impact_risks", "earthquakes", "volcanic_activity",
            "solar_events", "meteor_showers", "prophecies", "celestial_signs", "prophecy_sign_links", "data_triggers",
            "alerts", "correlation_rules", "event_correlations"})
    void naturalKeyRecognisesTheSameRecordTwice(String table) throws SQLException {
        List<SampleRows.Sample> samples = SampleRows.upTo(table);
        List<String> statements = new ArrayList<>(samples.stream().map(SampleRows.Sample::insert).toList());
        assertThat(sqlStateOf(Role.OWNER, statements.toArray(String[]::new))).as("first insert").isNull();
        statements.add(samples.get(samples.size() - 1).insert());
        assertThat(sqlStateOf(Role.OWNER, statements.toArray(String[]::new))).as("same natural key again").isEqualTo("23505");
    }

    @Test
    void isInterstellarIsGeneratedFromEccentricity() throws SQLException {
        List<String> flags = rolledBack(Role.WRITER, s -> {
            s.execute("""
                    INSERT INTO celestial.orbital_elements (designation, epoch, epoch_jd, e, q, i, om, w) VALUES
                    ('1I/2017 U1', '2017-11-23T00:00Z', 2458080.5, 1.2011, 0.2552, 122.74, 24.60, 241.81),
                    ('1 Ceres', '2022-08-09T00:00Z', 2459800.5, 0.0789, 2.55, 10.59, 80.25, 73.42)""");
            return column(s, "SELECT designation || '=' || is_interstellar FROM celestial.orbital_elements ORDER BY designation");
        });
        assertThat(flags).containsExactly("1 Ceres=false", "1I/2017 U1=true");
        assertThat(sqlStateOf(Role.WRITER, "UPDATE celestial.orbital_elements SET is_interstellar = true")).isEqualTo("428C9");
    }

    @Test
    void flareClassIntensityOrdersClassesAcrossLetters() throws SQLException {
        List<String> ordered = rolledBack(Role.WRITER, s -> {
            s.execute("""
                    INSERT INTO celestial.solar_events (kind, event_id, begin_at, class_type) VALUES
                    ('flare', 'a', now(), 'M9.9'), ('flare', 'b', now(), 'X1.0'), ('flare', 'c', now(), 'C9.9'),
                    ('flare', 'd', now(), 'X9.3'), ('flare', 'e', now(), 'M1.8'), ('cme', 'f', now(), NULL)""");
            return column(s, "SELECT class_letter || ':' || class_type || ':' || class_intensity FROM celestial.solar_events"
                    + " WHERE class_intensity IS NOT NULL ORDER BY class_intensity DESC");
        });
        assertThat(ordered).containsExactly("X:X9.3:0.00093", "X:X1.0:0.0001", "M:M9.9:9.9e-05", "M:M1.8:1.8e-05", "C:C9.9:9.9e-06");
        assertThat(sqlStateOf(Role.WRITER,
                "INSERT INTO celestial.solar_events (kind, event_id, begin_at, class_type) VALUES ('flare', 'g', now(), 'Q7')"))
                .as("an unparseable flare class is refused").isEqualTo("23514");
    }

    @Test
    void deletingAPassageOrASignCascadesToTheirLinks() throws SQLException {
        List<String> counts = rolledBack(Role.OWNER, s -> {
            List<String> result = new ArrayList<>();
            String links = "SELECT count(*) FROM celestial.prophecy_sign_links k JOIN celestial.prophecies p ON p.id = k.prophecy_id"
                    + " WHERE p.reference = 'Joel 2:31'";
            result.addAll(column(s, links));
            s.execute("DELETE FROM celestial.prophecies WHERE reference = 'Joel 2:31'");
            result.addAll(column(s, "SELECT count(*) FROM celestial.prophecy_sign_links k"
                    + " WHERE NOT EXISTS (SELECT FROM celestial.prophecies p WHERE p.id = k.prophecy_id)"));
            s.execute("DELETE FROM celestial.celestial_signs WHERE name = 'Blood moon'");
            result.addAll(column(s, "SELECT count(*) FROM celestial.prophecy_sign_links k"
                    + " JOIN celestial.celestial_signs g ON g.id = k.sign_id WHERE g.name = 'Blood moon'"));
            return result;
        });
        assertThat(counts).containsExactly("2", "0", "0");
    }

    @Test
    void referenceDataHoldsAboutFiftyPassagesAndSignsWithTheirLinks() throws SQLException {
        List<String> figures = rolledBack(Role.READER, s -> column(s, """
                SELECT (SELECT count(*) FROM celestial.prophecies) + (SELECT count(*) FROM celestial.celestial_signs)
                UNION ALL SELECT count(*) FROM celestial.prophecy_sign_links
                UNION ALL SELECT count(*) FROM celestial.prophecies p
                           WHERE NOT EXISTS (SELECT FROM celestial.prophecy_sign_links k WHERE k.prophecy_id = p.id)
                UNION ALL SELECT count(*) FROM celestial.data_triggers
                UNION ALL SELECT count(*) FROM celestial.correlation_rules"""));
        assertThat(figures).containsExactly("50", "53", "0", "7", "3");
        List<String> joel = rolledBack(Role.READER, s -> column(s, """
                SELECT g.name FROM celestial.prophecies p
                  JOIN celestial.prophecy_sign_links k ON k.prophecy_id = p.id
                  JOIN celestial.celestial_signs g ON g.id = k.sign_id
                 WHERE p.reference = 'Joel 2:31' ORDER BY g.name"""));
        assertThat(joel).containsExactly("Blood moon", "Solar eclipse");
    }

    @Test
    void viewsSelectWhatTheirNamesPromise() throws SQLException {
        List<String> rows = rolledBack(Role.OWNER, s -> {
            s.execute("""
                    INSERT INTO celestial.impact_risks (designation, impact_probability, palermo_cumulative, torino_max) VALUES
                    ('torino-one', 1e-4, -2.5, 1), ('palermo-high', 1e-3, -1.2, 0), ('harmless', 1e-9, -6.0, 0)""");
            s.execute("""
                    INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, significance, tsunami, alert_level, location) VALUES
                    ('strong', now() - interval '1 day', 6.5, 650, false, 'green', 'SRID=4326;POINT(10 10)'),
                    ('tsunami', now() - interval '2 days', 5.9, 500, true, NULL, 'SRID=4326;POINT(10 10)'),
                    ('small', now() - interval '1 day', 4.0, 100, false, 'green', 'SRID=4326;POINT(10 10)'),
                    ('old', now() - interval '40 days', 7.5, 900, true, 'red', 'SRID=4326;POINT(10 10)')""");
            s.execute("INSERT INTO celestial.data_triggers (name, event_kind, conditions, severity) VALUES ('t', 'earthquake', '{}', 'critical')");
            s.execute("""
                    INSERT INTO celestial.alerts (trigger_id, event_kind, event_ref, severity, status)
                    SELECT id, 'earthquake', ref, 'critical', status FROM celestial.data_triggers,
                           (VALUES ('a', 'open'), ('b', 'acknowledged'), ('c', 'resolved')) v(ref, status) WHERE name = 't'""");
            List<String> result = new ArrayList<>();
            result.add(String.join(",", column(s, "SELECT designation FROM celestial.v_high_risk_objects ORDER BY designation")));
            result.add(String.join(",", column(s, "SELECT source_id FROM celestial.v_recent_significant_quakes ORDER BY source_id")));
            result.add(String.join(",", column(s, "SELECT event_kind || ':' || severity || ':' || active_count || ':' || open_count"
                    + " FROM celestial.v_active_alerts_summary")));
            return result;
        });
        assertThat(rows).containsExactly("palermo-high,torino-one", "strong,tsunami", "earthquake:critical:2:1");
    }

    @Test
    void calculateDistanceKmIsGeodesicOnTheWgs84Spheroid() throws SQLException {
        List<String> distances = rolledBack(Role.READER, s -> column(s, """
                SELECT celestial.calculate_distance_km(40.6413, -73.7781, 51.4700, -0.4543)
                UNION ALL SELECT celestial.calculate_distance_km(0, 0, 0, 1)"""));
        assertThat(Double.parseDouble(distances.get(0))).as("JFK to LHR").isCloseTo(5540.0, within(5540.0 * 0.005));
        assertThat(Double.parseDouble(distances.get(1))).as("one degree along the equator")
                .isCloseTo(111.3195, within(0.001));
    }

    @Test
    void radiusQueriesUseTheGistIndexes() throws SQLException {
        String quakes = rolledBack(Role.READER, s -> plan(s, """
                SELECT source_id FROM celestial.earthquakes
                 WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(139.7, 35.7), 4326)::geography, 100000)"""));
        String volcanoes = rolledBack(Role.READER, s -> plan(s, """
                SELECT volcano_name FROM celestial.volcanic_activity
                 WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint(139.7, 35.7), 4326)::geography, 100000)"""));
        assertThat(quakes).contains("earthquakes_location_time_gix");
        assertThat(volcanoes).contains("volcanic_activity_location_gix");
    }

    @Test
    void boxQueriesUseThePlanarGistIndexAcrossTheAntimeridianToo() throws SQLException {
        String box = rolledBack(Role.READER, s -> plan(s, """
                SELECT source_id FROM celestial.earthquakes
                 WHERE location::geometry && ST_MakeEnvelope(130, 30, 140, 40, 4326)"""));
        String crossing = rolledBack(Role.READER, s -> plan(s, """
                SELECT source_id FROM celestial.earthquakes
                 WHERE location::geometry && ST_MakeEnvelope(175, -20, 180, -10, 4326)
                    OR location::geometry && ST_MakeEnvelope(-180, -20, -175, -10, 4326)"""));
        assertThat(box).contains("earthquakes_location_geom_gix");
        assertThat(crossing).contains("BitmapOr").contains("earthquakes_location_geom_gix");
    }

    @Test
    void textSearchUsesTheGinIndexes() throws SQLException {
        String places = rolledBack(Role.READER, s -> plan(s, """
                SELECT source_id FROM celestial.earthquakes
                 WHERE to_tsvector('english', coalesce(place, '')) @@ plainto_tsquery('english', 'Tobelo')"""));
        String passages = rolledBack(Role.READER, s -> plan(s, """
                SELECT reference FROM celestial.prophecies WHERE to_tsvector('english', text) @@ plainto_tsquery('english', 'moon blood')"""));
        assertThat(places).contains("earthquakes_place_fts_idx");
        assertThat(passages).contains("prophecies_text_fts_idx");
    }

    @Test
    void readerCannotWriteOrCreate() throws SQLException {
        assertThat(sqlStateOf(Role.READER, SampleRows.upTo("earthquakes").get(0).insert())).isEqualTo("42501");
        assertThat(sqlStateOf(Role.READER, "CREATE TABLE celestial.intruder (id int)")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.READER, "CREATE TABLE public.intruder (id int)")).isEqualTo("42501");
    }

    @Test
    void writerWritesIngestTablesButCannotRunDdlOrTouchReferenceData() throws SQLException {
        assertThat(sqlStateOf(Role.WRITER, SampleRows.upTo("earthquakes").get(0).insert())).isNull();
        assertThat(sqlStateOf(Role.WRITER, "CREATE TABLE celestial.intruder (id int)")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.WRITER, "CREATE TABLE public.intruder (id int)")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.WRITER, "ALTER TABLE celestial.earthquakes ADD COLUMN intruder int")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.WRITER, "DROP VIEW celestial.v_high_risk_objects")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.WRITER, SampleRows.upTo("prophecies").get(0).insert())).isEqualTo("42501");
    }

    @Test
    void writerManagesCorrelationRulesButNotTheCatalogue() throws SQLException {
        assertThat(sqlStateOf(Role.WRITER, "INSERT INTO celestial.correlation_rules (name, rule) VALUES ('r', '{}')",
                "UPDATE celestial.correlation_rules SET enabled = false WHERE name = 'r'",
                "DELETE FROM celestial.correlation_rules WHERE name = 'r'")).isNull();
        assertThat(sqlStateOf(Role.WRITER, "UPDATE celestial.celestial_signs SET matcher = NULL")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.READER, "INSERT INTO celestial.correlation_rules (name, rule) VALUES ('r', '{}')")).isEqualTo("42501");
    }

    @Test
    void anAdminAuditRowNamesOneSubjectUnlessItIsAList() throws SQLException {
        String insert = "INSERT INTO celestial.admin_audit (action, api_client_id, subject, by_bootstrap_key) VALUES ";
        assertThat(sqlStateOf(Role.WRITER, insert + "('update', NULL, 'correlation_rule:1', true)",
                insert + "('create', '00000000-0000-7000-8000-000000000001', NULL, true)", insert + "('list', NULL, NULL, true)")).isNull();
        assertThat(sqlStateOf(Role.WRITER, insert + "('delete', NULL, NULL, true)")).isEqualTo("23514");
        assertThat(sqlStateOf(Role.WRITER, insert + "('backfill', '00000000-0000-7000-8000-000000000001', 'correlation_rule:1', true)"))
                .isEqualTo("23514");
        assertThat(sqlStateOf(Role.WRITER, insert + "('list', NULL, 'correlation_rule:1', true)")).isEqualTo("23514");
    }

    @Test
    void writerManagesTriggersAndAlertsAndTheReaderNeither() throws SQLException {
        String trigger = "INSERT INTO celestial.data_triggers (name, event_kind, conditions) VALUES ('contract', 'earthquake', '{\"vei\": {\"gte\": 1}}')";
        assertThat(sqlStateOf(Role.WRITER, trigger, "UPDATE celestial.data_triggers SET enabled = false WHERE name = 'contract'",
                "INSERT INTO celestial.alerts (trigger_id, event_kind, event_ref, severity) SELECT id, 'earthquake', 'x', 'info'"
                        + " FROM celestial.data_triggers WHERE name = 'contract'",
                "UPDATE celestial.alerts SET status = 'resolved', resolved_at = now()",
                "DELETE FROM celestial.data_triggers WHERE name = 'contract'")).isNull();
        assertThat(sqlStateOf(Role.READER, trigger)).isEqualTo("42501");
        assertThat(sqlStateOf(Role.READER, "UPDATE celestial.alerts SET status = 'resolved'")).isEqualTo("42501");
        // trigger changes are audited with the trigger as their subject
        assertThat(sqlStateOf(Role.WRITER, "INSERT INTO celestial.admin_audit (action, subject, by_bootstrap_key, details)"
                + " VALUES ('create', 'data_trigger:1', true, '{}')")).isNull();
    }

    @Test
    void readerCannotSeePerClientIngestionActivity() throws SQLException {
        assertThat(sqlStateOf(Role.READER, "SELECT count(*) FROM celestial.ingestion_batches")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.WRITER, "SELECT count(*) FROM celestial.ingestion_batches")).isNull();
    }

    @Test
    void theWriterReadsTheViewsReadsFallBackToOnThePrimary() throws SQLException {
        for (String view : List.of("v_high_risk_objects", "v_recent_significant_quakes", "v_active_alerts_summary")) {
            assertThat(sqlStateOf(Role.WRITER, "SELECT count(*) FROM celestial." + view)).as(view).isNull();
        }
    }

    @Test
    void onlyTheOwnerCreatesTemporaryTables() throws SQLException {
        assertThat(sqlStateOf(Role.WRITER, "CREATE TEMP TABLE scratch (id int)")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.READER, "CREATE TEMP TABLE scratch (id int)")).isEqualTo("42501");
        assertThat(sqlStateOf(Role.OWNER, "CREATE TEMP TABLE scratch (id int)")).isNull();
    }

    @Test
    void noServiceRoleIsPrivileged() throws SQLException {
        List<String> privileged = rolledBack(Role.SUPERUSER, s -> column(s, String.format("""
                SELECT rolname FROM pg_roles WHERE rolname IN ('%s', '%s', '%s')
                   AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)""",
                db.user(Role.OWNER), db.user(Role.WRITER), db.user(Role.READER))));
        assertThat(privileged).isEmpty();
        List<String> schemaOwner = rolledBack(Role.READER, s -> column(s,
                "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'celestial'"));
        assertThat(schemaOwner).containsExactly(db.user(Role.OWNER));
    }

    @Test
    void aRowWrittenOnThePrimaryIsVisibleOnTheReplica() throws SQLException {
        db.execute(Role.WRITER, SampleRows.upTo("earthquakes").get(0).insert());
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            try (Connection replica = db.connect(Node.REPLICA, Role.READER); Statement s = replica.createStatement()) {
                assertThat(column(s, "SELECT pg_is_in_recovery()::text")).containsExactly("true");
                assertThat(column(s, "SELECT source_id FROM celestial.earthquakes")).containsExactly("test-1");
            }
        });
    }
}
