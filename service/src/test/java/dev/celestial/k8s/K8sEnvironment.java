package dev.celestial.k8s;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/** A container's rendered environment, and the application's configuration as that environment would set it. */
final class K8sEnvironment {

    private K8sEnvironment() {
    }

    /** Name → literal value, or {@code secret:<name>/<key>} for a secretKeyRef. */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode var : container.path("env")) {
            JsonNode ref = var.path("valueFrom").path("secretKeyRef");
            env.put(var.path("name").asString(), var.has("value") ? var.path("value").asString()
                    : ref.isMissingNode() ? "other:" + var.path("valueFrom") : "secret:" + ref.path("name").asString() + "/" + ref.path("key").asString());
        }
        return env;
    }

    static List<PropertySource<?>> applicationYaml() {
        try {
            return new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The variables application.yaml names in its {@code ${NAME:default}} placeholders. */
    static Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Pattern placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
        for (PropertySource<?> source : applicationYaml()) {
            for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                Matcher m = placeholder.matcher(String.valueOf(source.getProperty(key)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Every property application.yaml sets. */
    static Set<String> applicationKeys() {
        Set<String> keys = new TreeSet<>();
        for (PropertySource<?> source : applicationYaml()) {
            keys.addAll(List.of(((EnumerablePropertySource<?>) source).getPropertyNames()));
        }
        return keys;
    }

    /** application.yaml under the given variables, as the process environment: nothing else. */
    static StandardEnvironment environment(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<String, Object>(env)));
        applicationYaml().forEach(sources::addLast);
        return environment;
    }
}
