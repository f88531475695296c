package dev.celestial.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One real PostgreSQL + PostGIS primary and streaming replica for the whole test JVM, shared by every
 * test (tests clean tables, never clusters). From this machine's PostgreSQL binaries through
 * {@code deploy/local/db.sh}; where those are missing and a Docker engine answers, from containers.
 */
public final class TestDatabase {

    public enum Node { PRIMARY, REPLICA }

    public enum Role { SUPERUSER, OWNER, WRITER, READER }

    /** Starting and stopping the nodes; only the local pair supports it. */
    interface Cluster {
        boolean controllable();

        void stop(Node node, String mode);

        void start();

        String script(String verb);

        String run(Map<String, String> env, List<String> command);
    }

    private static TestDatabase instance;

    private final String host;
    private final int primaryPort;
    private final int replicaPort;
    private final Map<String, String> credentials;
    private final Cluster cluster;

    TestDatabase(String host, int primaryPort, int replicaPort, Map<String, String> credentials, Cluster cluster) {
        this.host = host;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
        this.credentials = Map.copyOf(credentials);
        this.cluster = cluster;
    }

    /**
     * Whether the service under test reaches the pair through PgBouncer in transaction mode ({@code db.sh up
     * --pooler}, the port the script gives it): set for the suite's second run ({@code celestial.test.pooler}).
     * Flyway and the tests' own JDBC connections stay direct.
     */
    public static boolean throughPooler() {
        return Boolean.getBoolean("celestial.test.pooler") && LocalCluster.available();
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = LocalCluster.available() ? LocalCluster.create() : ContainerCluster.create();
        }
        return instance;
    }

    public String database() {
        return credentials.get("CELESTIAL_DB_NAME");
    }

    public String user(Role role) {
        return credentials.get("CELESTIAL_" + (role == Role.SUPERUSER ? "SUPERUSER" : role + "_USER"));
    }

    public String password(Role role) {
        return credentials.get("CELESTIAL_" + role + "_PASSWORD");
    }

    /** A value of the pair's credentials file, e.g. {@code CELESTIAL_REPLICATION_PASSWORD}; null where it has none. */
    public String credential(String key) {
        return credentials.get(key);
    }

    public int port(Node node) {
        return node == Node.PRIMARY ? primaryPort : replicaPort;
    }

    public String jdbcUrl(Node node, String database) {
        return "jdbc:postgresql://" + host + ":" + port(node) + "/" + database;
    }

    public String r2dbcUrl(Node node) {
        return "r2dbc:postgresql://" + host + ":" + port(node) + "/" + database();
    }

    public Connection connect(Node node, Role role) throws SQLException {
        return connect(node, role, database());
    }

    public Connection connect(Node node, Role role, String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(node, database), user(role), password(role));
    }

    /** Runs statements on the primary as the given role. */
    public void execute(Role role, String... statements) {
        try (Connection connection = connect(Node.PRIMARY, role, role == Role.SUPERUSER ? "postgres" : database());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new database prepared as cluster bootstrap prepares the service's own: owned by the owner, with PostGIS. */
    public String createEmptyDatabase(String name) {
        execute(Role.SUPERUSER, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                "CREATE DATABASE " + name + " OWNER " + user(Role.OWNER));
        try (Connection connection = connect(Node.PRIMARY, Role.SUPERUSER, name);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION postgis");
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    public void dropDatabase(String name) {
        execute(Role.SUPERUSER, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * Empties every table ingestion writes, and the batch log, leaving reference data, API clients and the
     * schema as migrated.
     */
    public void cleanEventTables() {
        execute(Role.OWNER, "TRUNCATE celestial.earthquakes, celestial.volcanic_activity, celestial.solar_events,"
                + " celestial.meteor_showers, celestial.ephemeris_vectors, celestial.orbital_elements,"
                + " celestial.impact_risks, celestial.alerts, celestial.event_correlations, celestial.ingestion_batches,"
                + " celestial.earthquakes_archive, celestial.earthquakes_archive_keys, celestial.solar_events_archive,"
                + " celestial.solar_events_archive_keys, celestial.volcanic_activity_archive RESTART IDENTITY");
    }

    /** Whether {@link #stop} and {@link #startAll} work here (the local pair; not containers). */
    public boolean controllable() {
        return cluster.controllable();
    }

    /** Stops a node ({@code fast} or {@code immediate}); {@link #startAll()} brings it back. */
    public void stop(Node node, String mode) {
        cluster.stop(node, mode);
    }

    public void startAll() {
        cluster.start();
    }

    /** Runs {@code deploy/local/db.sh <verb>} against the test pair and returns what it printed. */
    public String script(String verb) {
        return cluster.script(verb);
    }

    /**
     * Runs a command from the repository root with the test pair's settings ({@code CELESTIAL_DB_DIR}, ports,
     * {@code CELESTIAL_PG_BIN}) overridden by {@code env}; returns its standard output, or throws with its
     * standard error when it fails.
     */
    public String run(Map<String, String> env, String... command) {
        return cluster.run(env, List.of(command));
    }

    /** The PostgreSQL binaries the local pair runs from. */
    public static Path pgBin() {
        return LocalCluster.PG_BIN;
    }

    /** The settings that point the service at this pair, with the roles the service uses in production. */
    public Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new HashMap<>();
        if (throughPooler()) {
            // PgBouncer's port is the primary's + 2 (db.sh); the driver must not name prepared statements through it
            String pooler = "r2dbc:postgresql://" + host + ":" + (primaryPort + 2) + "/";
            properties.put("celestial.db.primary.url", pooler + database() + "?preparedStatementCacheQueries=0");
            properties.put("celestial.db.replica.url", pooler + database() + "_ro?preparedStatementCacheQueries=0");
            // LISTEN needs a session: the alert listener goes to the primary itself
            properties.put("celestial.alerts.listen-url", r2dbcUrl(Node.PRIMARY));
        } else {
            properties.put("celestial.db.primary.url", r2dbcUrl(Node.PRIMARY));
            properties.put("celestial.db.replica.url", r2dbcUrl(Node.REPLICA));
        }
        properties.put("celestial.db.primary.username", user(Role.WRITER));
        properties.put("celestial.db.primary.password", password(Role.WRITER));
        properties.put("celestial.db.replica.username", user(Role.READER));
        properties.put("celestial.db.replica.password", password(Role.READER));
        // ready at once (WarmupIntegrationTests turns the warm-up on)
        properties.put("celestial.warmup.duration", "0s");
        properties.put("spring.flyway.url", jdbcUrl(Node.PRIMARY, database()));
        properties.put("spring.flyway.user", user(Role.OWNER));
        properties.put("spring.flyway.password", password(Role.OWNER));
        properties.put("spring.flyway.placeholders.writer_role", user(Role.WRITER));
        properties.put("spring.flyway.placeholders.reader_role", user(Role.READER));
        return properties;
    }

    /** Points a Spring test context at the shared pair. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("celestial-test-database", get().serviceProperties()));
        }
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/db.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local/db.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
