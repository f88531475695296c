package dev.celestial.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** deploy/monitoring/alerts.yml as the tests read it: its groups, alert names and the metrics it reads. */
final class AlertRules {

    private AlertRules() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/monitoring/alerts.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/monitoring/alerts.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path file(String name) {
        return root().resolve("deploy/monitoring").resolve(name);
    }

    static Object load(Path path) {
        try {
            return new Yaml().load(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups() {
        return (List<Map<String, Object>>) ((Map<String, Object>) load(file("alerts.yml"))).get("groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : groups()) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    static Set<String> alertNames() {
        Set<String> names = new LinkedHashSet<>();
        rules().forEach(rule -> names.add((String) rule.get("alert")));
        return names;
    }

    /** The series names the rules read that start with {@code prefix}. */
    static Set<String> metrics(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> rule : rules()) {
            Matcher matcher = Pattern.compile("\\b" + prefix + "[a-zA-Z0-9_]*").matcher((String) rule.get("expr"));
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
