package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.SampleRows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The migrations on fresh databases: from empty, step by step over data, concurrently, and as a Job. */
class MigrationIntegrationTests {

    final TestDatabase db = TestDatabase.get();
    final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(db::dropDatabase);
    }

    String freshDatabase(String name) {
        databases.add(name);
        return db.createEmptyDatabase(name);
    }

    /** The service's Flyway settings (application.yaml), pointed at another database. */
    FluentConfiguration flyway(String database) {
        return Flyway.configure()
                .dataSource(db.jdbcUrl(Node.PRIMARY, database), db.user(Role.OWNER), db.password(Role.OWNER))
                .schemas("celestial").defaultSchema("celestial").locations("classpath:db/migration")
                .placeholders(Map.of("writer_role", db.user(Role.WRITER), "reader_role", db.user(Role.READER)));
    }

    List<String> query(String database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = db.connect(Node.PRIMARY, Role.OWNER, database);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void eachMigrationAppliesOverDataOfThePreviousVersion() throws SQLException {
        String database = freshDatabase("celestial_steps");
        // repeatable migrations need the latest schema, so the steps run versioned migrations only
        Flyway versionedOnly = flyway(database).repeatableSqlMigrationPrefix("NONE").load();
        List<String> versions = Arrays.stream(versionedOnly.info().pending())
                .map(MigrationInfo::getVersion).map(Object::toString).toList();
        assertThat(versions).hasSizeGreaterThanOrEqualTo(7);
        for (String version : versions) {
            flyway(database).repeatableSqlMigrationPrefix("NONE").target(version).load().migrate();
            try (Connection connection = db.connect(Node.PRIMARY, Role.OWNER, database);
                 Statement statement = connection.createStatement()) {
                for (SampleRows.Sample sample : SampleRows.ALL) {
                    if (Integer.toString(sample.version()).equals(version)) {
                        statement.execute(sample.insert());
                    }
                }
            }
        }
        flyway(database).load().migrate();
        for (SampleRows.Sample sample : SampleRows.ALL) {
            // the reference-data migration is the source of truth for its tables and removes strangers
            assertThat(query(database, "SELECT count(*) FROM celestial." + sample.table() + " WHERE " + sample.key()))
                    .as(sample.table()).containsExactly(sample.referenceData() ? "0" : "1");
        }
        assertThat(query(database, "SELECT count(*) FROM celestial.prophecies")).containsExactly("28");
    }

    @Test
    void migrationsAloneLeaveTemporaryTablesToTheOwner() throws SQLException {
        // a database as CloudNativePG creates it: PUBLIC may still create temporary tables until V12
        String database = freshDatabase("celestial_privileges");
        flyway(database).load().migrate();
        String sql = "SELECT has_database_privilege('%s', current_database(), 'TEMPORARY')";
        assertThat(query(database, sql.formatted("public"))).as("PUBLIC").containsExactly("f");
        assertThat(query(database, sql.formatted(db.user(Role.WRITER)))).as("writer").containsExactly("f");
        assertThat(query(database, sql.formatted(db.user(Role.READER)))).as("reader").containsExactly("f");
        assertThat(query(database, sql.formatted(db.user(Role.OWNER)))).as("owner").containsExactly("t");
    }

    @Test
    void deletionAuditRowsBecomeAdminAuditRowsWithTheBootstrapKeyNamed() throws SQLException {
        String database = freshDatabase("celestial_audit");
        flyway(database).repeatableSqlMigrationPrefix("NONE").target("11").load().migrate();
        try (Connection connection = db.connect(Node.PRIMARY, Role.OWNER, database);
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO celestial.deletion_audit (api_client_id, action, requested_by) VALUES
                      ('00000000-0000-7000-8000-000000000001', 'export', NULL),
                      ('00000000-0000-7000-8000-000000000001', 'erase', '00000000-0000-7000-8000-000000000002')""");
        }
        flyway(database).load().migrate();
        assertThat(query(database, "SELECT action || ' ' || coalesce(requested_by::text, '-') || ' ' || by_bootstrap_key FROM celestial.admin_audit ORDER BY id"))
                .containsExactly("export - true", "erase 00000000-0000-7000-8000-000000000002 false");
        assertThat(query(database, "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants"
                + " WHERE table_name = 'admin_audit' AND grantee = '" + db.user(Role.WRITER) + "'")).containsExactly("INSERT,SELECT");
    }

    @Test
    void concurrentStartsMigrateOnce() throws Exception {
        String database = freshDatabase("celestial_concurrent");
        CyclicBarrier barrier = new CyclicBarrier(3);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return flyway(database).load().migrate().migrationsExecuted;
            }));
        }
        int executed = 0;
        for (CompletableFuture<Integer> run : runs) {
            executed += run.get();
        }
        List<String> applied = query(database,
                "SELECT coalesce(version, description) FROM celestial.flyway_schema_history WHERE success AND type <> 'SCHEMA' ORDER BY installed_rank");
        assertThat(executed).isEqualTo(applied.size());
        assertThat(applied).doesNotHaveDuplicates().contains("1", "7", "prophecies and celestial signs");
    }

    @Test
    void migrateOnlyModeMigratesWithoutAWebServer() throws SQLException {
        String database = freshDatabase("celestial_job");
        Map<String, Object> properties = new HashMap<>(db.serviceProperties());
        properties.put("spring.flyway.url", db.jdbcUrl(Node.PRIMARY, database));
        List<String> args = new ArrayList<>(List.of("--migrate-only"));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        try (ConfigurableApplicationContext context = CelestialApplication.migrate(args.toArray(String[]::new))) {
            assertThat(context).isNotInstanceOf(ReactiveWebServerApplicationContext.class);
        }
        assertThat(query(database, "SELECT count(*) FROM celestial.flyway_schema_history WHERE success AND version = '7'"))
                .containsExactly("1");
        assertThat(query(database, "SELECT count(*) FROM celestial.celestial_signs")).containsExactly("22");
    }
}
