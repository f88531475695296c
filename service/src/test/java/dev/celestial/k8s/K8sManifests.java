package dev.celestial.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code k8s/} overlays as {@code kubectl kustomize} renders them (kubectl 1.32, kustomize v5.5; no
 * cluster needed), one JSON tree per object.
 */
final class K8sManifests {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private K8sManifests() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("k8s/base"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("k8s/base not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static List<JsonNode> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> parse(kustomize(k8s().resolve("overlays").resolve(o))));
    }

    /** Every object in {@code k8s/examples/*.yaml}, as written. */
    static List<JsonNode> examples() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(k8s().resolve("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                objects.addAll(parse(Files.readString(file)));
            }
        }
        return objects;
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asString())).toList();
    }

    static JsonNode one(List<JsonNode> objects, String kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asString())).findFirst();
    }

    static String kustomize(Path dir) {
        return run(List.of("kubectl", "kustomize", dir.toString()));
    }

    static String run(List<String> command) {
        try {
            Path out = Files.createTempFile("k8s-run", ".out");
            Path err = Files.createTempFile("k8s-run", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " took over 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                            + Files.readString(out) + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                Files.delete(out);
                Files.delete(err);
            }
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " could not run (kubectl 1.32 and promtool are needed; .ci/run installs"
                    + " promtool, kubectl comes with the machine image): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
