package dev.celestial.support;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The pair from PostGIS containers, for laptops with Docker and without PostgreSQL binaries.
 * Untested on the build machines (they have no Docker engine); the same bootstrap SQL as db.sh.
 */
final class ContainerCluster implements TestDatabase.Cluster {

    private static final DockerImageName IMAGE = DockerImageName.parse("postgis/postgis:15-3.4");

    static TestDatabase create() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("tests need PostgreSQL 15 binaries (CELESTIAL_PG_BIN) or a Docker engine");
        }
        Map<String, String> credentials = Map.of(
                "CELESTIAL_DB_NAME", "celestial",
                "CELESTIAL_SUPERUSER", "postgres", "CELESTIAL_SUPERUSER_PASSWORD", secret(),
                "CELESTIAL_OWNER_USER", "celestial_owner", "CELESTIAL_OWNER_PASSWORD", secret(),
                "CELESTIAL_WRITER_USER", "celestial_writer", "CELESTIAL_WRITER_PASSWORD", secret(),
                "CELESTIAL_READER_USER", "celestial_reader", "CELESTIAL_READER_PASSWORD", secret());
        String replication = secret();
        Network network = Network.newNetwork();
        GenericContainer<?> primary = new GenericContainer<>(IMAGE)
                .withNetwork(network).withNetworkAliases("primary").withExposedPorts(5432)
                .withEnv("POSTGRES_PASSWORD", credentials.get("CELESTIAL_SUPERUSER_PASSWORD"))
                .withCopyFileToContainer(MountableFile.forHostPath(
                        TestDatabase.repositoryRoot().resolve("deploy/local/bootstrap.sql")), "/bootstrap.sql")
                .withCommand("postgres", "-c", "wal_level=replica", "-c", "hot_standby=on",
                        "-c", "shared_preload_libraries=pg_stat_statements", "-c", "log_min_duration_statement=100ms")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
        primary.start();
        exec(primary, "sh", "-c", "echo 'host replication replicator all scram-sha-256' >> \"$PGDATA/pg_hba.conf\""
                + " && psql -U postgres -c 'SELECT pg_reload_conf()'");
        exec(primary, "psql", "-U", "postgres", "-d", "postgres", "-f", "/bootstrap.sql",
                "-v", "dbname=celestial", "-v", "owner=celestial_owner", "-v", "writer=celestial_writer",
                "-v", "reader=celestial_reader", "-v", "replicator=replicator",
                "-v", "owner_password=" + credentials.get("CELESTIAL_OWNER_PASSWORD"),
                "-v", "writer_password=" + credentials.get("CELESTIAL_WRITER_PASSWORD"),
                "-v", "reader_password=" + credentials.get("CELESTIAL_READER_PASSWORD"),
                "-v", "replicator_password=" + replication);
        exec(primary, "psql", "-U", "postgres", "-c", "SELECT pg_create_physical_replication_slot('celestial_replica')");
        GenericContainer<?> replica = new GenericContainer<>(IMAGE)
                .withNetwork(network).withExposedPorts(5432).withEnv("PGPASSWORD", replication)
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres").withEntrypoint("sh", "-c",
                        "pg_basebackup -h primary -U replicator -D /tmp/replica -R -X stream -S celestial_replica"
                                + " && chmod 700 /tmp/replica && exec postgres -D /tmp/replica"))
                .waitingFor(Wait.forLogMessage(".*ready to accept read.only connections.*", 1));
        replica.start();
        return new TestDatabase(primary.getHost(), primary.getMappedPort(5432), replica.getMappedPort(5432),
                credentials, new ContainerCluster());
    }

    private static void exec(GenericContainer<?> container, String... command) {
        try {
            Container.ExecResult result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + result.getStderr());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean controllable() {
        return false;
    }

    @Override
    public void stop(TestDatabase.Node node, String mode) {
        throw new IllegalStateException("stopping nodes needs the local pair (deploy/local/db.sh)");
    }

    @Override
    public String script(String verb) {
        throw new IllegalStateException("deploy/local/db.sh manages only the local pair");
    }

    @Override
    public String run(Map<String, String> env, List<String> command) {
        throw new IllegalStateException("deploy/local scripts manage only the local pair");
    }

    @Override
    public void start() {
        throw new IllegalStateException("starting nodes needs the local pair (deploy/local/db.sh)");
    }
}
