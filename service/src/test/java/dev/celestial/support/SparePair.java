package dev.celestial.support;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A primary + standby of a test's own, made by {@code deploy/local/db.sh} beside the shared pair (its own
 * directory and ports), for tests that change the topology: a failover there leaves every other test's pair alone.
 * Ports: the shared pair's primary port plus {@code offset} and {@code offset + 1}.
 */
public final class SparePair implements AutoCloseable {

    private final TestDatabase shared = TestDatabase.get();
    private final Map<String, String> env;
    private final int primaryPort;
    private final int replicaPort;
    private final Map<String, String> credentials;

    private SparePair(String name, int offset) {
        Path dir = TestDatabase.repositoryRoot().resolve("service/target/" + name);
        this.primaryPort = shared.port(TestDatabase.Node.PRIMARY) + offset;
        this.replicaPort = primaryPort + 1;
        this.env = Map.of("CELESTIAL_DB_DIR", dir.toString(), "CELESTIAL_PRIMARY_PORT", Integer.toString(primaryPort),
                "CELESTIAL_REPLICA_PORT", Integer.toString(replicaPort));
        script("destroy");
        try {
            script("up");
        } catch (IllegalStateException e) {
            // a port of the pair can be held for a moment as the local end of some other connection (ephemeral range)
            sleep(2000);
            script("up");
        }
        try {
            this.credentials = TestDatabase.readEnvFile(dir.resolve("credentials.env"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the pair (anew) under {@code service/target/<name>}; {@link #close()} deletes it. */
    public static SparePair create(String name, int offset) {
        return new SparePair(name, offset);
    }

    /** Runs {@code db.sh <verb> [arguments]} on this pair; throws with its standard error when it fails. */
    public String script(String... verb) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "deploy/local/db.sh"));
        command.addAll(List.of(verb));
        return shared.run(env, command.toArray(String[]::new));
    }

    /** The port {@code db.sh up --pooler} gives PgBouncer: the primary's plus two. */
    public int poolerPort() {
        return primaryPort + 2;
    }

    /** The data directory (pair) folder, e.g. for the pooler's log. */
    public Path dir() {
        return Path.of(env.get("CELESTIAL_DB_DIR"));
    }

    /** The port of the node that started as the primary ({@code PRIMARY}) or as the replica. */
    public int port(TestDatabase.Node node) {
        return node == TestDatabase.Node.PRIMARY ? primaryPort : replicaPort;
    }

    /** Stops a node by its data directory, as a crash ({@code immediate}) or a shutdown ({@code fast}) would. */
    public void stop(TestDatabase.Node node, String mode) {
        String dir = env.get("CELESTIAL_DB_DIR") + "/" + (node == TestDatabase.Node.PRIMARY ? "primary" : "replica");
        String pgCtl = TestDatabase.pgBin().resolve("pg_ctl").toString();
        List<String> command = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", System.getenv().getOrDefault("CELESTIAL_DB_OS_USER", "postgres"), "--", pgCtl, "-D", dir, "-m", mode, "-w", "stop")
                : List.of(pgCtl, "-D", dir, "-m", mode, "-w", "stop");
        shared.run(env, command.toArray(String[]::new));
    }

    public String credential(String key) {
        return credentials.get(key);
    }

    public Connection connect(TestDatabase.Node node, TestDatabase.Role role) throws SQLException {
        String user = credentials.get("CELESTIAL_" + (role == TestDatabase.Role.SUPERUSER ? "SUPERUSER" : role + "_USER"));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port(node) + "/" + credentials.get("CELESTIAL_DB_NAME"),
                user, credentials.get("CELESTIAL_" + role + "_PASSWORD"));
    }

    /** Both nodes as one host list, the way a multi-host configuration names them. */
    public String hosts() {
        return "127.0.0.1:" + primaryPort + ",127.0.0.1:" + replicaPort;
    }

    /** The service's settings for this pair through {@code celestial.db.*.hosts}: it follows a failover. */
    public Map<String, Object> serviceProperties() {
        String db = credentials.get("CELESTIAL_DB_NAME");
        Map<String, Object> properties = new HashMap<>();
        properties.put("celestial.db.primary.hosts", hosts());
        properties.put("celestial.db.replica.hosts", hosts());
        properties.put("celestial.db.primary.url", "r2dbc:postgresql://127.0.0.1:" + primaryPort + "/" + db);
        properties.put("celestial.db.primary.username", credentials.get("CELESTIAL_WRITER_USER"));
        properties.put("celestial.db.primary.password", credentials.get("CELESTIAL_WRITER_PASSWORD"));
        properties.put("celestial.db.replica.url", "r2dbc:postgresql://127.0.0.1:" + replicaPort + "/" + db);
        properties.put("celestial.db.replica.username", credentials.get("CELESTIAL_READER_USER"));
        properties.put("celestial.db.replica.password", credentials.get("CELESTIAL_READER_PASSWORD"));
        properties.put("celestial.warmup.duration", "0s");
        properties.put("spring.flyway.url", "jdbc:postgresql://" + hosts() + "/" + db + "?targetServerType=primary");
        properties.put("spring.flyway.user", credentials.get("CELESTIAL_OWNER_USER"));
        properties.put("spring.flyway.password", credentials.get("CELESTIAL_OWNER_PASSWORD"));
        properties.put("spring.flyway.placeholders.writer_role", credentials.get("CELESTIAL_WRITER_USER"));
        properties.put("spring.flyway.placeholders.reader_role", credentials.get("CELESTIAL_READER_USER"));
        return properties;
    }

    /** {@code properties} as command-line arguments, which win over the service's application.yaml. */
    public static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        script("destroy");
    }
}
