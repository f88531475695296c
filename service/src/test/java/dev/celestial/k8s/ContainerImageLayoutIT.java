package dev.celestial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image's layout and entrypoint without a container engine: the packaged jar goes through the
 * Dockerfile's own extraction command, its layers are copied as its COPY lines say, and its ENTRYPOINT
 * runs there with the migration Job's arguments and environment against an empty test database: the
 * schema is migrated and the process exits 0. (Runs after {@code package}, by failsafe; named so that surefire's {@code -Dtest=K8s*} does not pick it up before the jar exists.)
 */
class ContainerImageLayoutIT {

    @Test
    void theExtractedLayersRunTheMigrationJobAgainstAnEmptyDatabase(@TempDir Path work) throws Exception {
        Path root = K8sManifests.root();
        String dockerfile = Files.readString(root.resolve("service/Dockerfile"));
        Path jar = root.resolve("service/target/celestial-service.jar");
        assertThat(jar).exists();

        // the extract stage: its WORKDIR holds the jar as application.jar, then its RUN line
        Path extract = Files.createDirectories(work.resolve("extract"));
        Files.copy(jar, extract.resolve("application.jar"));
        Matcher run = Pattern.compile("(?m)^RUN (java -Djarmode=tools .+)$").matcher(dockerfile);
        assertThat(run.find()).as("the Dockerfile's extraction RUN line").isTrue();
        exec(extract, List.of(run.group(1).replaceFirst("^java", java()).split(" ")), Map.of(), 120);

        // the final stage: each layer copied into /app, in order
        Path app = Files.createDirectories(work.resolve("app"));
        Matcher copy = Pattern.compile("(?m)^COPY --from=extract /extract/(\\S+)/ \\./$").matcher(dockerfile);
        List<String> layers = new ArrayList<>();
        while (copy.find()) {
            layers.add(copy.group(1));
            FileSystemUtils.copyRecursively(extract.resolve(copy.group(1)), app);
        }
        assertThat(layers).containsExactly("layers/dependencies", "layers/spring-boot-loader",
                "layers/snapshot-dependencies", "layers/application");
        try (Stream<Path> files = Files.list(extract.resolve("layers"))) {
            assertThat(files.map(p -> "layers/" + p.getFileName())).containsExactlyInAnyOrderElementsOf(layers);
        }

        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.+])$").matcher(dockerfile);
        assertThat(entrypoint.find()).isTrue();
        List<String> command = new ArrayList<>();
        JsonMapper.builder().build().readTree(entrypoint.group(1)).forEach(part -> command.add(part.asString()));
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, java());

        JsonNode job = K8sManifests.one(K8sManifests.rendered("prod"), "Job", "celestial-migrate");
        JsonNode container = K8sInvariantsTests.container(job);
        container.path("args").forEach(arg -> command.add(arg.asString()));

        TestDatabase db = TestDatabase.get();
        String database = db.createEmptyDatabase("celestial_k8s_image");
        try {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            K8sEnvironment.env(container).forEach((name, value) -> env.put(name, switch (value) {
                case "secret:celestial-db-owner/username" -> db.user(Role.OWNER);
                case "secret:celestial-db-owner/password" -> db.password(Role.OWNER);
                case "secret:celestial-db-writer/username" -> db.user(Role.WRITER);
                case "secret:celestial-db-reader/username" -> db.user(Role.READER);
                default -> {
                    assertThat(value).as(name).doesNotStartWith("secret:");
                    yield value;
                }
            }));
            env.put("CELESTIAL_PRIMARY_HOST", "127.0.0.1");
            env.put("CELESTIAL_PRIMARY_PORT", Integer.toString(db.port(Node.PRIMARY)));
            env.put("CELESTIAL_DB_NAME", database);
            env.put("CELESTIAL_FLYWAY_CONNECT_RETRIES", "2");

            String output = exec(app, command, env, 180);
            assertThat(output).contains("Successfully applied");
            try (Connection connection = db.connect(Node.PRIMARY, Role.OWNER, database);
                 ResultSet tables = connection.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_tables WHERE schemaname = 'celestial' AND tablename = 'earthquakes'")) {
                tables.next();
                assertThat(tables.getInt(1)).isEqualTo(1);
            }
        } finally {
            db.dropDatabase(database);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a command in {@code dir} with only {@code env} (and PATH), as the container would; answers its output. */
    private static String exec(Path dir, List<String> command, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("k8s-image", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(done).as("%s finished within %d s:%n%s", command, seconds, output).isTrue();
        assertThat(process.exitValue()).as("%s exit status:%n%s", command, output).isZero();
        return output;
    }
}
