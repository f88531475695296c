package dev.celestial.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pair from this machine's binaries, created fresh per test JVM by {@code deploy/local/db.sh}. */
final class LocalCluster implements TestDatabase.Cluster {

    static final Path PG_BIN = Path.of(System.getenv().getOrDefault("CELESTIAL_PG_BIN", "/usr/lib/postgresql/15/bin"));

    private final Path root;
    private final Path script;
    private final Path dbDir;
    private final Map<String, String> env;

    private LocalCluster(Path root, Path dbDir, Map<String, String> env) {
        this.root = root;
        this.script = root.resolve("deploy/local/db.sh");
        this.dbDir = dbDir;
        this.env = env;
    }

    static boolean available() {
        return Files.isExecutable(PG_BIN.resolve("initdb"));
    }

    static TestDatabase create() {
        Path root = TestDatabase.repositoryRoot();
        Path dbDir = root.resolve("service/target/test-db");
        int primaryPort = Integer.parseInt(System.getenv().getOrDefault("CELESTIAL_TEST_PRIMARY_PORT", "25432"));
        int replicaPort = Integer.parseInt(System.getenv().getOrDefault("CELESTIAL_TEST_REPLICA_PORT", "25433"));
        LocalCluster cluster = new LocalCluster(root, dbDir, Map.of(
                "CELESTIAL_DB_DIR", dbDir.toString(),
                "CELESTIAL_PRIMARY_PORT", Integer.toString(primaryPort),
                "CELESTIAL_REPLICA_PORT", Integer.toString(replicaPort),
                "CELESTIAL_PG_BIN", PG_BIN.toString()));
        cluster.run("destroy");
        if (TestDatabase.throughPooler()) {
            cluster.run("up", "--pooler");
        } else {
            cluster.run("up");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.run("down")));
        try {
            return new TestDatabase("127.0.0.1", primaryPort, replicaPort,
                    TestDatabase.readEnvFile(dbDir.resolve("credentials.env")), cluster);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void stop(TestDatabase.Node node, String mode) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", System.getenv().getOrDefault("CELESTIAL_DB_OS_USER", "postgres"), "--"));
        }
        command.addAll(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D",
                dbDir.resolve(node == TestDatabase.Node.PRIMARY ? "primary" : "replica").toString(),
                "-m", mode, "-w", "stop"));
        exec(command);
    }

    @Override
    public void start() {
        run("up");
    }

    @Override
    public String script(String verb) {
        return run(verb);
    }

    private String run(String... verbAndOptions) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(verbAndOptions));
        return exec(command);
    }

    @Override
    public String run(Map<String, String> extraEnv, List<String> command) {
        try {
            Path stderr = Files.createTempFile("celestial-script", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                        .redirectError(stderr.toFile());
                builder.environment().putAll(env);
                builder.environment().putAll(extraEnv);
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes());
                if (process.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(stderr));
                }
                return output;
            } finally {
                Files.delete(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String exec(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
