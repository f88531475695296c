package dev.celestial.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.CelestialApplication;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * deploy/ops/pitr-drill.sh on a pair of its own (WAL archived by pgBackRest, ports next to the test pair's),
 * with the service in this JVM writing the markers: the tests run before the jar is packaged.
 */
@Tag("ops")
class PitrDrillTests {

    final TestDatabase db = TestDatabase.get();

    @Test
    void restoresExactlyTheMarkersCommittedBeforeTheTargetWithinTheArchiveTimeout() throws IOException {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
        Path dir = Files.createTempDirectory("celestial-pitr");
        int primary = db.port(Node.PRIMARY) + 20;
        Map<String, String> env = new HashMap<>(Map.of("CELESTIAL_DB_DIR", dir.toString(),
                "CELESTIAL_PRIMARY_PORT", Integer.toString(primary), "CELESTIAL_REPLICA_PORT", Integer.toString(primary + 1),
                "CELESTIAL_DRILL_PG_PORT", Integer.toString(primary + 2)));
        try {
            env.put("CELESTIAL_WAL_ARCHIVE", "1");
            assertThat(db.run(env, "bash", "deploy/local/db.sh", "up")).contains("WAL archived by pgBackRest");
            String adminKey = "cel_drill_" + "k".repeat(40);
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CelestialApplication.class)
                    .run(arguments(dir, primary, adminKey))) {
                env.put("CELESTIAL_SERVICE_URL", "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
                env.put("CELESTIAL_BOOTSTRAP_ADMIN_KEY", adminKey);
                long started = System.nanoTime();
                String printed = db.run(env, "bash", "deploy/ops/pitr-drill.sh", "5");
                System.out.printf("ops pitr-drill (%.0f s):%n%s", (System.nanoTime() - started) / 1e9, printed);

                Matcher figures = Pattern.compile("pitr: rpo_s=([0-9.]+) rto_s=([0-9.]+) markers_expected=5 markers_found=5\n").matcher(printed);
                assertThat(figures.find()).as(printed).isTrue();
                // archive_timeout is 60 s: an idle primary's WAL reaches the archive within it, plus the push
                assertThat(Double.parseDouble(figures.group(1))).isLessThan(70);
                assertThat(Double.parseDouble(figures.group(2))).isLessThan(60);
                // the drill erased its client after the target; the copy held it until the erasure was re-applied
                assertThat(printed).contains("re-applied 1 erasures", "deleted 1 clients, cleared the client of 5 batches");
            }
        } finally {
            db.run(Map.of("CELESTIAL_DB_DIR", dir.toString(), "CELESTIAL_PRIMARY_PORT", Integer.toString(primary),
                    "CELESTIAL_REPLICA_PORT", Integer.toString(primary + 1)), "bash", "deploy/local/db.sh", "destroy");
        }
    }

    /** The service's settings for the drill's pair, as arguments (above application.yaml, like the environment). */
    static String[] arguments(Path dir, int primary, String adminKey) throws IOException {
        Map<String, String> credentials = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("credentials.env"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                credentials.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        String database = credentials.get("CELESTIAL_DB_NAME");
        return List.of(
                "--server.port=0",
                "--celestial.access.bootstrap-admin-key=" + adminKey,
                "--celestial.db.primary.url=r2dbc:postgresql://127.0.0.1:" + primary + "/" + database,
                "--celestial.db.primary.username=" + credentials.get("CELESTIAL_WRITER_USER"),
                "--celestial.db.primary.password=" + credentials.get("CELESTIAL_WRITER_PASSWORD"),
                "--celestial.db.replica.url=r2dbc:postgresql://127.0.0.1:" + (primary + 1) + "/" + database,
                "--celestial.db.replica.username=" + credentials.get("CELESTIAL_READER_USER"),
                "--celestial.db.replica.password=" + credentials.get("CELESTIAL_READER_PASSWORD"),
                "--spring.flyway.url=jdbc:postgresql://127.0.0.1:" + primary + "/" + database,
                "--spring.flyway.user=" + credentials.get("CELESTIAL_OWNER_USER"),
                "--spring.flyway.password=" + credentials.get("CELESTIAL_OWNER_PASSWORD"),
                "--spring.flyway.placeholders.writer_role=" + credentials.get("CELESTIAL_WRITER_USER"),
                "--spring.flyway.placeholders.reader_role=" + credentials.get("CELESTIAL_READER_USER")).toArray(String[]::new);
    }
}
