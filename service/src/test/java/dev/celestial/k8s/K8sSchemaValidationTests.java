package dev.celestial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every rendered object is valid as a cluster would check it: core kinds against the official Java client's
 * models (Kubernetes 1.32; unknown fields and missing required ones are errors), custom resources against
 * their operators' CRD schemas, unmodified (src/test/resources/k8s-crds).
 */
class K8sSchemaValidationTests {

    static final List<String> overlays = K8sManifests.OVERLAYS;

    /** apiVersion/kind → the client model that validates it. */
    private static final Map<String, String> MODELS = Map.of(
            "v1/Namespace", "V1Namespace",
            "v1/ServiceAccount", "V1ServiceAccount",
            "v1/Service", "V1Service",
            "v1/ConfigMap", "V1ConfigMap",
            "v1/Secret", "V1Secret",
            "apps/v1/Deployment", "V1Deployment",
            "batch/v1/Job", "V1Job",
            "autoscaling/v2/HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler",
            "policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget",
            "networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy");

    /** apiVersion/kind → the CRD file that defines it. */
    private static final Map<String, String> CRDS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io/v1/Pooler", "postgresql.cnpg.io_poolers.yaml",
            "postgresql.cnpg.io/v1/ScheduledBackup", "postgresql.cnpg.io_scheduledbackups.yaml",
            "barmancloud.cnpg.io/v1/ObjectStore", "barmancloud.cnpg.io_objectstores.yaml",
            "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com_podmonitors.yaml",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com_servicemonitors.yaml",
            "monitoring.coreos.com/v1/PrometheusRule", "monitoring.coreos.com_prometheusrules.yaml");

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    @ParameterizedTest
    @FieldSource("overlays")
    void everyRenderedObjectIsValidForItsKind(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        assertThat(objects).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            problems.addAll(validate(object));
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @Test
    void theExamplesAreValidToo() throws IOException {
        List<JsonNode> objects = K8sManifests.examples();
        assertThat(objects).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            problems.addAll(validate(object));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void anUnknownFieldInACoreObjectIsRejected() {
        ObjectNode deployment = (ObjectNode) K8sManifests.one(K8sManifests.rendered("dev"), "Deployment", "celestial").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)).put("livenesProbe", "typo");
        assertThat(validate(deployment)).singleElement().asString().contains("livenesProbe");
    }

    @Test
    void aMissingRequiredFieldInACoreObjectIsRejected() {
        ObjectNode deployment = (ObjectNode) K8sManifests.one(K8sManifests.rendered("dev"), "Deployment", "celestial").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0)).remove("name");
        assertThat(validate(deployment)).singleElement().asString().contains("name");
    }

    @Test
    void anUnknownFieldOrAWrongEnumInACustomResourceIsRejected() {
        ObjectNode cluster = (ObjectNode) K8sManifests.one(K8sManifests.rendered("dev"), "Cluster", "celestial-db").deepCopy();
        ((ObjectNode) cluster.path("spec").path("bootstrap").path("initdb")).put("postInitApplicationSql", "typo");
        ((ObjectNode) cluster.path("spec")).put("primaryUpdateStrategy", "sometimes");
        assertThat(String.join("\n", validate(cluster))).contains("postInitApplicationSql").contains("primaryUpdateStrategy");
    }

    @Test
    void anObjectOfAKindNoSchemaCoversIsRejected() {
        ObjectNode unknown = K8sManifests.YAML.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        assertThat(validate(unknown)).singleElement().asString().contains("no schema");
    }

    static List<String> validate(JsonNode object) {
        String type = object.path("apiVersion").asString() + "/" + object.path("kind").asString();
        String name = type + " " + object.path("metadata").path("name").asString();
        if (MODELS.containsKey(type)) {
            return validateCore(name, MODELS.get(type), object);
        }
        if (CRDS.containsKey(type)) {
            List<String> problems = new ArrayList<>();
            // the CRD schema leaves metadata open; the API server checks it as ObjectMeta
            problems.addAll(validateCore(name + " metadata", "V1ObjectMeta", object.path("metadata")));
            for (Error error : schema(type).validate(object)) {
                problems.add(name + ": " + error);
            }
            return problems;
        }
        return List.of(name + ": no schema for this kind here; add its model or CRD");
    }

    private static List<String> validateCore(String name, String model, JsonNode object) {
        JsonElement json = JsonParser.parseString(object.toString());
        try {
            Method validate = Class.forName("io.kubernetes.client.openapi.models." + model)
                    .getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            return List.of();
        } catch (InvocationTargetException e) {
            return List.of(name + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = K8sSchemaValidationTests.class.getResourceAsStream("/k8s-crds/" + CRDS.get(t))) {
                JsonNode crd = K8sManifests.YAML.readTree(in);
                String version = t.split("/")[1];
                for (JsonNode served : crd.path("spec").path("versions")) {
                    if (served.path("name").asString().equals(version)) {
                        JsonNode schema = served.path("schema").path("openAPIV3Schema").deepCopy();
                        closeStructuralObjects(schema);
                        return SchemaRegistry.withDialect(Dialects.getOpenApi30()).getSchema(schema);
                    }
                }
                throw new IllegalStateException(CRDS.get(t) + " has no version " + version);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Kubernetes' structural schemas: an object that lists its properties takes no others unless it says
     * {@code x-kubernetes-preserve-unknown-fields} (the API server prunes or, with strict field validation,
     * rejects them). JSON Schema allows them by default, so this says it explicitly, in memory only.
     */
    static void closeStructuralObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(e -> closeStructuralObjects(e.getValue()));
        } else if (node != null && node.isArray()) {
            node.forEach(K8sSchemaValidationTests::closeStructuralObjects);
        }
    }

    @Test
    void everyOverlayRendersWithTheSameKinds() {
        assertThat(K8sManifests.rendered("prod").stream().map(o -> o.path("kind").asString()).sorted().toList())
                .isEqualTo(K8sManifests.rendered("dev").stream().map(o -> o.path("kind").asString()).sorted().toList());
    }

    @Test
    void closingStructuralObjectsLeavesPreservedOnesOpen() {
        ObjectNode schema = (ObjectNode) K8sManifests.YAML.readTree("""
                type: object
                properties:
                  closed: {type: object, properties: {a: {type: string}}}
                  open: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                """);
        closeStructuralObjects(schema);
        assertThat(schema.path("properties").path("closed").path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").path("open").has("additionalProperties")).isFalse();
    }
}
