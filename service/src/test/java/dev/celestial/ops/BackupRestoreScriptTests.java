package dev.celestial.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.CelestialApplication;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/ops/backup.sh and restore.sh on the test pair's populated database, restored beside it. */
@Tag("ops")
class BackupRestoreScriptTests {

    static final String RESTORED = "celestial_restore_test";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    final TestDatabase db = TestDatabase.get();
    final UUID kept = UUID.randomUUID();
    final UUID erased = UUID.randomUUID();

    @BeforeAll
    static void migrated() {
        String[] args = TestDatabase.get().serviceProperties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        CelestialApplication.migrate(args).close();
    }

    @BeforeEach
    void populate() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        db.cleanEventTables();
        db.execute(Role.OWNER,
                "INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, depth_km, place, location)"
                        + " SELECT 'bk' || g, now() - g * interval '1 min', (g % 70) / 10.0, g % 600, 'place ' || g,"
                        + " ST_MakePoint(g % 360 - 180, g % 170 - 85)::geography FROM generate_series(1, 5000) g",
                "INSERT INTO celestial.api_clients (id, name, contact, scopes, key_hash) VALUES"
                        + " ('" + kept + "', 'kept', 'kept@example.org', '{ingest}', sha256('" + kept + "')),"
                        + " ('" + erased + "', 'erased', 'erased@example.org', '{ingest}', sha256('" + erased + "'))",
                "INSERT INTO celestial.ingestion_batches (client, kind, format, started_at, duration_ms, outcome, api_client_id)"
                        + " SELECT c.name, 'earthquakes', 'ndjson', now(), 1, 'committed', c.id"
                        + " FROM celestial.api_clients c, generate_series(1, 3) WHERE c.id IN ('" + kept + "', '" + erased + "')");
        db.dropDatabase(RESTORED);
    }

    @AfterEach
    void dropRestored() {
        db.dropDatabase(RESTORED);
        db.execute(Role.OWNER, "DELETE FROM celestial.ingestion_batches WHERE api_client_id IN ('" + kept + "', '" + erased + "')",
                "DELETE FROM celestial.api_clients WHERE id IN ('" + kept + "', '" + erased + "')");
        db.cleanEventTables();
    }

    String backup(Path dir) {
        return db.run(Map.of("CELESTIAL_BACKUP_DIR", dir.toString()), "bash", "deploy/ops/backup.sh");
    }

    String restore(Path dump) {
        return db.run(Map.of(), "bash", "deploy/ops/restore.sh", dump.toString(), RESTORED);
    }

    static Path onlyDump(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> dumps = files.filter(f -> f.toString().endsWith(".dump")).toList();
            assertThat(dumps).hasSize(1);
            return dumps.get(0);
        }
    }

    long count(String database, String sql) throws SQLException {
        try (Connection connection = db.connect(Node.PRIMARY, Role.SUPERUSER, database);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void restoresTheBackupsSnapshotVerifiedPerTableWhileWritesGoOnAndReappliesLaterErasures(@TempDir Path dir) throws Exception {
        // Writes during the backup: the manifest only matches the dump if both read one snapshot.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try (Connection connection = db.connect(Node.PRIMARY, Role.OWNER); Statement statement = connection.createStatement()) {
                while (writing.get()) {
                    statement.execute("INSERT INTO celestial.earthquakes (source_id, occurred_at, magnitude, location)"
                            + " VALUES ('during" + written.incrementAndGet() + "', now(), 1, ST_MakePoint(0, 0)::geography)");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        String backedUp;
        try {
            Thread.sleep(200);
            backedUp = backup(dir);
        } finally {
            writing.set(false);
            writer.join();
        }
        Path dump = onlyDump(dir);
        String manifest = Files.readString(Path.of(dump.toString().replace(".dump", ".manifest")));
        Matcher quakes = Pattern.compile("(?m)^celestial\\.earthquakes\\t(\\d+)\\t").matcher(manifest);
        assertThat(quakes.find()).isTrue();
        long quakesAtBackup = Long.parseLong(quakes.group(1));
        assertThat(quakesAtBackup).isBetween(5001L, 5000L + written.get() - 1);

        // after the backup: the service's erasure of one client, and more data
        db.execute(Role.OWNER,
                "UPDATE celestial.ingestion_batches SET client = NULL, api_client_id = NULL WHERE api_client_id = '" + erased + "'",
                "DELETE FROM celestial.api_clients WHERE id = '" + erased + "'",
                "INSERT INTO celestial.admin_audit (api_client_id, action, requested_by, by_bootstrap_key)"
                        + " VALUES ('" + erased + "', 'erase', NULL, true)");

        String restored = restore(dump);
        System.out.println("ops backup:\n" + backedUp + "ops restore:\n" + restored);
        assertThat(backedUp).contains("wrote " + dump, ".manifest", ".sha256", "keeping 1 backups");
        assertThat(restored).contains("checksums match", "verify celestial.earthquakes", "verify celestial.api_clients",
                        "verify celestial.ingestion_batches", "equal the backup's snapshot", "deleted 1 clients, cleared the client of 3 batches")
                .doesNotContain("MISMATCH");
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.earthquakes")).isEqualTo(quakesAtBackup);
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.api_clients WHERE id = '" + kept + "'")).isEqualTo(1);
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.api_clients WHERE id = '" + erased + "' OR name = 'erased'")).isZero();
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.ingestion_batches WHERE client = 'erased'")).isZero();
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.ingestion_batches WHERE client IS NULL AND api_client_id IS NULL")).isEqualTo(3);
        assertThat(count(RESTORED, "SELECT count(*) FROM celestial.ingestion_batches WHERE api_client_id = '" + kept + "'")).isEqualTo(3);
    }

    @Test
    void aRestoredTableThatDiffersFromTheManifestFailsTheRestore(@TempDir Path dir) throws Exception {
        backup(dir);
        Path dump = onlyDump(dir);
        Path manifest = Path.of(dump.toString().replace(".dump", ".manifest"));
        // one row fewer recorded than the dump holds, with checksums made to match the altered manifest
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("(?m)^celestial\\.earthquakes\\t5000\\t", "celestial.earthquakes\t4999\t"));
        db.run(Map.of(), "bash", "-c", "cd \"$(dirname \"$1\")\" && sha256sum \"$(basename \"$1\")\" \"$(basename \"$2\")\" > \"$3\"",
                "_", dump.toString(), manifest.toString(), dump.toString().replace(".dump", ".sha256"));

        assertThatThrownBy(() -> restore(dump)).hasMessageContaining("1 tables differ from the backup's manifest");
        assertThat(count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + RESTORED + "'")).isEqualTo(1);
    }

    @Test
    void aDumpThatIsNotWhatTheBackupWroteIsNotRestored(@TempDir Path dir) throws Exception {
        backup(dir);
        Path dump = onlyDump(dir);
        Files.write(dump, new byte[] {0}, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> restore(dump)).hasMessageContaining("checksums of").hasMessageContaining("do not match");
        assertThat(count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + RESTORED + "'")).isZero();
    }

    @Test
    void backupsOlderThanSevenDaysAreDeletedAndNewerOnesKept(@TempDir Path dir) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        List<String> old = new ArrayList<>(), recent = new ArrayList<>();
        for (int days : new int[] {8, 30}) {
            old.add("celestial-" + STAMP.format(now.minusDays(days)));
        }
        for (int days : new int[] {1, 6}) {
            recent.add("celestial-" + STAMP.format(now.minusDays(days)));
        }
        for (String name : Stream.concat(old.stream(), recent.stream()).toList()) {
            for (String ext : List.of(".dump", ".manifest", ".sha256")) {
                Files.writeString(dir.resolve(name + ext), "x");
            }
        }

        String printed = backup(dir);

        for (String name : old) {
            assertThat(printed).contains("deleted " + dir.resolve(name) + " (older than 7 days)");
            assertThat(dir.resolve(name + ".dump")).doesNotExist();
            assertThat(dir.resolve(name + ".manifest")).doesNotExist();
            assertThat(dir.resolve(name + ".sha256")).doesNotExist();
        }
        for (String name : recent) {
            assertThat(dir.resolve(name + ".dump")).exists();
        }
        assertThat(printed).contains("keeping 3 backups from the last 7 days");
    }
}
