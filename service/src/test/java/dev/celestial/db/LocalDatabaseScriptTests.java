package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/local/db.sh and run.sh, on the test pair db.sh created. */
class LocalDatabaseScriptTests {

    final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void localPairOnly() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
    }

    @Test
    void statusShowsBothNodesTheirRolesAndReplication() {
        String status = db.script("status");
        assertThat(status).containsPattern("primary +running on 127.0.0.1:" + db.port(TestDatabase.Node.PRIMARY) + " +in_recovery=f")
                .containsPattern("replica +running on 127.0.0.1:" + db.port(TestDatabase.Node.REPLICA) + " +in_recovery=t")
                .contains("streaming", "replay_lag_bytes");
    }

    @Test
    void upIsIdempotentAndPrintsTheUrls() {
        String again = db.script("up");
        assertThat(again).doesNotContain("initialised", "cloned")
                .contains("jdbc:postgresql://127.0.0.1:" + db.port(TestDatabase.Node.PRIMARY) + "/" + db.database(),
                        "r2dbc:postgresql://127.0.0.1:" + db.port(TestDatabase.Node.REPLICA) + "/" + db.database());
    }

    @Test
    void anUnknownVerbPrintsTheUsage() {
        assertThatThrownBy(() -> db.script("sideways"))
                .hasMessageContaining("usage: deploy/local/db.sh up [--pooler] [--monitoring]|down|status|failover|rejoin|destroy");
    }

    /** A credentials file as db.sh writes it, with these values in place of the generated ones. */
    static Path credentialsFile(Path dir, Map<String, String> values) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("CELESTIAL_DB_NAME", "celestial", "CELESTIAL_SUPERUSER", "postgres",
                "CELESTIAL_OWNER_USER", "o", "CELESTIAL_WRITER_USER", "w", "CELESTIAL_READER_USER", "r",
                "CELESTIAL_REPLICATION_USER", "replicator"));
        for (String role : List.of("SUPERUSER", "OWNER", "WRITER", "READER", "REPLICATION")) {
            all.put("CELESTIAL_" + role + "_PASSWORD", "secret");
        }
        all.putAll(values);
        List<String> lines = new ArrayList<>();
        all.forEach((key, value) -> lines.add(key + "=" + value));
        Path file = Files.write(dir.resolve("credentials.env"), lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    String readCredentials(Path file, String... keys) {
        return db.run(Map.of(), "bash", "-c", ". deploy/local/credentials.sh && read_credentials \"$1\" && for k in "
                + String.join(" ", keys) + "; do printf '%s\\n' \"${!k}\"; done", "_", file.toString());
    }

    @Test
    void theCredentialsFileIsReadAsDataNeverRun(@TempDir Path dir) throws IOException {
        Path ran = dir.resolve("ran");
        Map<String, String> code = Map.of("CELESTIAL_OWNER_PASSWORD", "$(touch " + ran + "-1)",
                "CELESTIAL_WRITER_PASSWORD", "`touch " + ran + "-2`", "CELESTIAL_READER_PASSWORD", "x; touch " + ran + "-3");
        Path file = credentialsFile(dir, code);

        assertThat(readCredentials(file, "CELESTIAL_OWNER_PASSWORD", "CELESTIAL_WRITER_PASSWORD", "CELESTIAL_READER_PASSWORD"))
                .isEqualTo(code.get("CELESTIAL_OWNER_PASSWORD") + "\n" + code.get("CELESTIAL_WRITER_PASSWORD") + "\n"
                        + code.get("CELESTIAL_READER_PASSWORD") + "\n");
        Files.writeString(file, "touch " + ran + "-4\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> readCredentials(file, "CELESTIAL_OWNER_PASSWORD"))
                .hasMessageContaining("line 12: expected KEY=VALUE");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("credentials.env");
        }
    }

    @Test
    void aCredentialsFileOthersCouldHaveWrittenIsRefused(@TempDir Path dir) throws IOException {
        Path file = credentialsFile(dir, Map.of());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> readCredentials(file)).hasMessageContaining("writable by no one else");

        Path dbDir = Files.createDirectory(dir.resolve("db"));
        Files.setPosixFilePermissions(credentialsFile(dbDir, Map.of()), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> db.run(Map.of("CELESTIAL_DB_DIR", dbDir.toString()), "bash", "deploy/local/db.sh", "up"))
                .hasMessageContaining("refusing " + dbDir.resolve("credentials.env") + ": it must belong to")
                .hasMessageContaining("mode 600");
        assertThat(dbDir.resolve("primary")).doesNotExist();
    }

    @Test
    void theServiceEnvironmentHoldsOnlyTheServiceRolesCredentials() {
        String printed = db.run(Map.of("CELESTIAL_SUPERUSER_PASSWORD", "inherited-superuser-secret",
                "CELESTIAL_REPLICATION_PASSWORD", "inherited-replication-secret"), "bash", "deploy/local/run.sh", "--print-env");
        Map<String, String> env = new HashMap<>();
        printed.lines().filter(line -> line.contains("=")).forEach(line ->
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));

        assertThat(env).containsEntry("CELESTIAL_OWNER_PASSWORD", db.password(Role.OWNER))
                .containsEntry("CELESTIAL_WRITER_PASSWORD", db.password(Role.WRITER))
                .containsEntry("CELESTIAL_READER_PASSWORD", db.password(Role.READER))
                .containsEntry("CELESTIAL_WRITER_USER", db.user(Role.WRITER))
                .containsEntry("CELESTIAL_DB_NAME", db.database())
                .containsEntry("CELESTIAL_PRIMARY_PORT", Integer.toString(db.port(TestDatabase.Node.PRIMARY)))
                .containsEntry("CELESTIAL_REPLICA_PORT", Integer.toString(db.port(TestDatabase.Node.REPLICA)))
                .doesNotContainKeys("CELESTIAL_SUPERUSER_PASSWORD", "CELESTIAL_REPLICATION_PASSWORD", "CELESTIAL_DB_DIR");
        assertThat(printed).doesNotContain(db.password(Role.SUPERUSER), db.credential("CELESTIAL_REPLICATION_PASSWORD"),
                "inherited-superuser-secret", "inherited-replication-secret");
    }

    /**
     * Records the arguments of every PostgreSQL program, runuser and env that db.sh starts, through shims ahead
     * of the real ones: deterministic, where sampling ps would race. Covers bootstrap (every role's password) and
     * a fresh pg_basebackup of the replica; initdb would need a cluster of its own, and reads its password from
     * a file by construction.
     */
    @Test
    void noPasswordReachesACommandLine(@TempDir Path shims) throws IOException {
        Path log = Files.createFile(shims.resolve("argv.log"));
        Files.setPosixFilePermissions(shims, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, Path> real = new HashMap<>(Map.of("runuser", Path.of("/usr/sbin/runuser"), "env", Path.of("/usr/bin/env")));
        try (Stream<Path> programs = Files.list(TestDatabase.pgBin())) {
            programs.forEach(program -> real.put(program.getFileName().toString(), program));
        }
        for (Map.Entry<String, Path> program : real.entrySet()) {
            Path shim = Files.writeString(shims.resolve(program.getKey()), "#!/bin/sh\nprintf '%%s\\n' \"$0 $*\" >> '%s'\nexec '%s' \"$@\"\n"
                    .formatted(log, program.getValue()));
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Map<String, String> recorded = Map.of("CELESTIAL_PG_BIN", shims.toString(), "PATH", shims + ":" + System.getenv("PATH"));

        db.stop(TestDatabase.Node.REPLICA, "fast");
        db.run(Map.of(), "bash", "-c", "rm -rf \"$CELESTIAL_DB_DIR/replica\"");
        assertThat(db.run(recorded, "bash", "deploy/local/db.sh", "up")).contains("cloned");
        db.run(recorded, "bash", "deploy/local/db.sh", "status");

        String argv = Files.readString(log);
        assertThat(argv).contains("/psql ", "/pg_basebackup ", "env PGOPTIONS=");
        for (String key : List.of("CELESTIAL_SUPERUSER_PASSWORD", "CELESTIAL_OWNER_PASSWORD", "CELESTIAL_WRITER_PASSWORD",
                "CELESTIAL_READER_PASSWORD", "CELESTIAL_REPLICATION_PASSWORD")) {
            assertThat(argv).as(key).doesNotContain(db.credential(key));
        }
    }
}
