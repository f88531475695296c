package dev.celestial.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.db.DatabaseProperties;
import io.kubernetes.client.custom.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * What ties the rendered manifests to the application and to each other, per overlay: the variables they set
 * exist in its configuration, secrets come from Secrets, every container is bounded and locked down, selectors
 * select, nothing floats on a moving tag, and the connections the pods can open fit the poolers and the database.
 */
class K8sInvariantsTests {

    static final List<String> overlays = K8sManifests.OVERLAYS;

    // Pools whose sizes are constants in db/DatabaseConfig, not properties: the replica monitor's (replica side)
    // and the control pool (primary side).
    static final int REPLICA_PROBE_POOL = 2;
    static final int CONTROL_POOL = 2;
    // the migration Job: Flyway's one JDBC connection, and its context's pools warming up (initial-size 2 each)
    static final int MIGRATION_CONNECTIONS = 1 + 2 + 2;
    // superuser_reserved_connections (3) plus the operator's instance manager and exporter
    static final int DATABASE_HEADROOM = 10;
    // variables the JVM reads, not the application
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private static final Pattern SENSITIVE = Pattern.compile("PASSWORD|_KEY$|SECRET|TOKEN");

    @ParameterizedTest
    @FieldSource("overlays")
    void everyVariableSetIsOneTheApplicationReads(String overlay) {
        Set<String> placeholders = K8sEnvironment.placeholders();
        Set<String> keys = K8sEnvironment.applicationKeys();
        List<String> unknown = new ArrayList<>();
        for (JsonNode container : appContainers(overlay)) {
            Map<String, String> env = K8sEnvironment.env(container);
            for (String name : env.keySet()) {
                if (JVM_VARIABLES.contains(name) || placeholders.contains(name)) {
                    continue;
                }
                StandardEnvironment environment = K8sEnvironment.environment(Map.of(name, "marker-" + name));
                // relaxed binding: CELESTIAL_DB_PRIMARY_URL sets celestial.db.primary.url
                boolean bindsAKey = keys.stream().anyMatch(k -> ("marker-" + name).equals(environment.getProperty(k)));
                // Spring Boot's own: the latency histogram the p99 alert needs, bound with its real value
                boolean bindsBoot = name.equals("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS")
                        && Binder.get(K8sEnvironment.environment(Map.of(name, env.get(name))))
                                .bind("management.metrics", MetricsProperties.class).map(p -> p.getDistribution().getPercentilesHistogram())
                                .map(m -> m.equals(Map.of("http.server.requests", true))).orElse(false);
                if (!bindsAKey && !bindsBoot) {
                    unknown.add(container.path("name").asString() + ": " + name);
                }
            }
        }
        assertThat(unknown).as("variables no configuration property reads").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theDeploymentBindsToThePoolersAsWriterAndReaderAndNeverMigrates(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        Map<String, String> env = K8sEnvironment.env(container(deployment(overlay)));
        StandardEnvironment environment = K8sEnvironment.environment(env);
        DatabaseProperties db = Binder.get(environment).bind("celestial.db", DatabaseProperties.class).get();

        assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
        assertThat(env).doesNotContainKeys("CELESTIAL_OWNER_USER", "CELESTIAL_OWNER_PASSWORD", "CELESTIAL_MIGRATE_ONLY");
        assertThat(container(deployment(overlay)).path("args").toString()).doesNotContain("--migrate-only");
        assertThat(db.primary().username()).isEqualTo("secret:celestial-db-writer/username");
        assertThat(db.primary().password()).isEqualTo("secret:celestial-db-writer/password");
        assertThat(db.replica().username()).isEqualTo("secret:celestial-db-reader/username");
        assertThat(db.replica().password()).isEqualTo("secret:celestial-db-reader/password");
        assertThat(env.get("CELESTIAL_CURSOR_KEY")).startsWith("secret:");

        for (var node : Map.of("rw", db.primary().url(), "ro", db.replica().url()).entrySet()) {
            URI url = URI.create(node.getValue().substring("r2dbc:".length()));
            JsonNode pooler = K8sManifests.one(objects, "Pooler", url.getHost());
            assertThat(pooler.path("spec").path("type").asString()).as(url.getHost()).isEqualTo(node.getKey());
            assertThat(pooler.path("spec").path("pgbouncer").path("poolMode").asString()).isEqualTo("transaction");
            assertThat(url.getPort()).isEqualTo(5432);
            assertThat(url.getPath()).isEqualTo("/" + cluster(objects).path("spec").path("bootstrap").path("initdb").path("database").asString());
            // transaction pooling: no named prepared statements survive from one transaction to the next
            assertThat(url.getQuery()).contains("preparedStatementCacheQueries=0");
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theMigrationJobRunsAsTheOwnerStraightToThePrimary(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        JsonNode cluster = cluster(objects);
        JsonNode job = K8sManifests.one(objects, "Job", "celestial-migrate");
        JsonNode container = container(job);
        Map<String, String> env = K8sEnvironment.env(container);
        StandardEnvironment environment = K8sEnvironment.environment(env);
        String ownerSecret = cluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asString();

        assertThat(container.path("args").toString()).contains("--migrate-only");
        assertThat(container.path("image").asString()).isEqualTo(container(deployment(overlay)).path("image").asString());
        // the primary's service, and only a primary will do (the driver's targetServerType, as with a host list)
        assertThat(environment.getProperty("spring.flyway.url"))
                .isEqualTo("jdbc:postgresql://" + clusterName(objects) + "-rw:5432/" + cluster.path("spec").path("bootstrap").path("initdb").path("database").asString()
                        + "?targetServerType=primary");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("secret:" + ownerSecret + "/username");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("secret:" + ownerSecret + "/password");
        // the grants in the migrations name the roles the pools log in as
        assertThat(environment.getProperty("spring.flyway.placeholders.writer_role")).isEqualTo("secret:celestial-db-writer/username");
        assertThat(environment.getProperty("spring.flyway.placeholders.reader_role")).isEqualTo("secret:celestial-db-reader/username");
        assertThat(env).doesNotContainKeys("CELESTIAL_WRITER_PASSWORD", "CELESTIAL_READER_PASSWORD");
        assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asString()).isEqualTo("Never");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void secretsComeOnlyFromSecretsTheClusterOrTheSecretsScriptKnows(String overlay) throws IOException {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        String script = Files.readString(K8sManifests.k8s().resolve("create-secrets.sh"));
        Set<String> roleSecrets = new HashSet<>();
        for (JsonNode role : cluster(objects).path("spec").path("managed").path("roles")) {
            roleSecrets.add(role.path("passwordSecret").path("name").asString());
            // basic-auth Secrets: the username the script writes is the role's name
            assertThat(script).contains(role.path("passwordSecret").path("name").asString() + ":" + role.path("name").asString());
        }
        assertThat(roleSecrets).contains(cluster(objects).path("spec").path("bootstrap").path("initdb").path("secret").path("name").asString());
        for (JsonNode container : appContainers(overlay)) {
            for (var e : K8sEnvironment.env(container).entrySet()) {
                if (SENSITIVE.matcher(e.getKey()).find()) {
                    assertThat(e.getValue()).as(e.getKey()).startsWith("secret:");
                }
                if (e.getValue().startsWith("secret:")) {
                    String[] ref = e.getValue().substring("secret:".length()).split("/");
                    boolean role = roleSecrets.contains(ref[0]) && Set.of("username", "password").contains(ref[1]);
                    assertThat(role || script.contains(ref[0]) && script.contains(ref[1] + ":")).as(e.getValue()).isTrue();
                }
            }
        }
        JsonNode s3 = K8sManifests.one(objects, "ObjectStore", "celestial-backups").path("spec").path("configuration").path("s3Credentials");
        for (JsonNode ref : List.of(s3.path("accessKeyId"), s3.path("secretAccessKey"))) {
            assertThat(script).contains("name: " + ref.path("name").asString()).contains(ref.path("key").asString() + ":");
        }
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void everyContainerIsBoundedAndLockedDown(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        for (JsonNode workload : List.of(deployment(overlay), K8sManifests.one(objects, "Job", "celestial-migrate"))) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String name = workload.path("kind").asString();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(name).isPositive();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asString()).as(name).isEqualTo("RuntimeDefault");
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(security.path("capabilities").path("drop").toString()).as(name).isEqualTo("[\"ALL\"]");
                JsonNode resources = container.path("resources");
                assertThat(resources.path("requests").has("cpu")).as(name).isTrue();
                // memory is guaranteed: the heap is sized from the limit, and the pod is never overcommitted
                assertThat(resources.path("requests").path("memory").asString()).as(name)
                        .isNotEmpty().isEqualTo(resources.path("limits").path("memory").asString());
                assertThat(maxRamPercentage(container)).as(name).isBetween(25, 75);
                // a read-only root: temporary files go to an emptyDir
                assertThat(container.path("volumeMounts").toString()).as(name).contains("\"mountPath\":\"/tmp\"");
            }
        }
        for (JsonNode pooler : K8sManifests.ofKind(objects, "Pooler")) {
            for (JsonNode container : pooler.path("spec").path("template").path("spec").path("containers")) {
                assertThat(container.path("resources").path("limits").has("memory")).isTrue();
            }
        }
        assertThat(bytes(container(deployment(overlay)).path("resources").path("limits").path("memory").asString()))
                .as("the service's memory limit (its heap is a share of it)").isGreaterThanOrEqualTo(new BigDecimal(1L << 30));
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theImagesUserAndPortAreTheOnesThePodsExpect(String overlay) throws IOException {
        String dockerfile = Files.readString(K8sManifests.root().resolve("service/Dockerfile"));
        for (JsonNode workload : List.of(deployment(overlay), K8sManifests.one(K8sManifests.rendered(overlay), "Job", "celestial-migrate"))) {
            JsonNode security = workload.path("spec").path("template").path("spec").path("securityContext");
            assertThat(dockerfile).contains("\nUSER " + security.path("runAsUser").asInt() + ":" + security.path("runAsGroup").asInt() + "\n");
        }
        assertThat(dockerfile).contains("\nEXPOSE " + container(deployment(overlay)).path("ports").get(0).path("containerPort").asInt() + "\n");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theServiceIsProbedOnItsPortAndShutsDownGracefully(String overlay) {
        JsonNode deployment = deployment(overlay);
        JsonNode container = container(deployment);
        StandardEnvironment environment = K8sEnvironment.environment(K8sEnvironment.env(container));
        int serverPort = Integer.parseInt(environment.getProperty("server.port"));
        assertThat(container.path("ports").toString()).contains("{\"containerPort\":" + serverPort + ",\"name\":\"http\"}");
        assertThat(Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe", "/actuator/health/liveness",
                "readinessProbe", "/actuator/health/readiness")).allSatisfy((probe, path) -> {
                    assertThat(container.path(probe).path("httpGet").path("path").asString()).as(probe).isEqualTo(path);
                    assertThat(container.path(probe).path("httpGet").path("port").asString()).as(probe).isEqualTo("http");
                });
        // readiness must answer within its timeout even when a database check takes its whole bound
        Duration healthTimeout = Binder.get(environment).bind("celestial.db.health-timeout", Duration.class).get();
        assertThat(Duration.ofSeconds(container.path("readinessProbe").path("timeoutSeconds").asInt(1))).isGreaterThan(healthTimeout);

        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
        Duration shutdown = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).get();
        long preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong();
        assertThat(preStop).isPositive();
        assertThat(deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong())
                .isGreaterThan(preStop + shutdown.toSeconds());
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void selectorsSelectWhatTheyAreMeantTo(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        JsonNode deployment = deployment(overlay);
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode jobLabels = K8sManifests.one(objects, "Job", "celestial-migrate").path("spec").path("template").path("metadata").path("labels");
        assertThat(matches(deployment.path("spec").path("selector").path("matchLabels"), podLabels)).isTrue();

        JsonNode service = K8sManifests.one(objects, "Service", "celestial");
        assertThat(matches(service.path("spec").path("selector"), podLabels)).isTrue();
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asString()).isEqualTo("http");
        assertThat(matches(K8sManifests.one(objects, "PodDisruptionBudget", "celestial").path("spec").path("selector").path("matchLabels"), podLabels)).isTrue();
        assertThat(K8sManifests.one(objects, "HorizontalPodAutoscaler", "celestial").path("spec").path("scaleTargetRef").path("name").asString())
                .isEqualTo(deployment.path("metadata").path("name").asString());

        JsonNode apiPolicy = K8sManifests.one(objects, "NetworkPolicy", "celestial").path("spec");
        assertThat(matches(apiPolicy.path("podSelector").path("matchLabels"), podLabels)).isTrue();
        assertThat(matches(apiPolicy.path("podSelector").path("matchLabels"), jobLabels)).isFalse();
        JsonNode jobPolicy = K8sManifests.one(objects, "NetworkPolicy", "celestial-migrate").path("spec");
        assertThat(matches(jobPolicy.path("podSelector").path("matchLabels"), jobLabels)).isTrue();
        assertThat(matches(jobPolicy.path("podSelector").path("matchLabels"), podLabels)).isFalse();

        JsonNode monitor = K8sManifests.one(objects, "ServiceMonitor", "celestial").path("spec");
        assertThat(matches(monitor.path("selector").path("matchLabels"), service.path("metadata").path("labels"))).isTrue();
        assertThat(monitor.path("endpoints").get(0).path("port").asString()).isEqualTo(service.path("spec").path("ports").get(0).path("name").asString());
        assertThat(monitor.path("endpoints").get(0).path("path").asString()).isEqualTo("/actuator/prometheus");

        String cluster = clusterName(objects);
        Set<String> poolers = new TreeSet<>();
        for (JsonNode pooler : K8sManifests.ofKind(objects, "Pooler")) {
            poolers.add(pooler.path("metadata").path("name").asString());
            assertThat(pooler.path("spec").path("cluster").path("name").asString()).isEqualTo(cluster);
        }
        assertThat(poolers).hasSize(2);
        assertThat(K8sManifests.one(objects, "PodMonitor", "celestial-db").path("spec").path("selector").path("matchLabels").path("cnpg.io/cluster").asString()).isEqualTo(cluster);
        assertThat(values(K8sManifests.one(objects, "PodMonitor", "celestial-db-poolers").path("spec").path("selector"))).isEqualTo(poolers);
        assertThat(K8sManifests.one(objects, "ScheduledBackup", "celestial-db-daily").path("spec").path("cluster").path("name").asString()).isEqualTo(cluster);
        JsonNode plugin = cluster(objects).path("spec").path("plugins").get(0);
        assertThat(plugin.path("name").asString()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(plugin.path("isWALArchiver").asBoolean()).isTrue();
        K8sManifests.one(objects, "ObjectStore", plugin.path("parameters").path("barmanObjectName").asString());
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void networkPoliciesAllowWhatTheServiceNeedsAndNothingElse(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        JsonNode api = K8sManifests.one(objects, "NetworkPolicy", "celestial").path("spec");
        assertThat(api.path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(api.path("ingress")).hasSize(1);
        assertThat(api.path("ingress").get(0).path("ports").toString()).isEqualTo("[{\"port\":8080,\"protocol\":\"TCP\"}]");
        assertThat(api.path("ingress").get(0).path("from")).isNotEmpty().allSatisfy(from -> assertThat(from.has("namespaceSelector")).isTrue());
        assertThat(api.path("egress")).hasSize(3);
        JsonNode toPoolers = api.path("egress").get(0);
        Set<String> poolers = new TreeSet<>();
        K8sManifests.ofKind(objects, "Pooler").forEach(p -> poolers.add(p.path("metadata").path("name").asString()));
        assertThat(values(toPoolers.path("to").get(0).path("podSelector"))).isEqualTo(poolers);
        assertThat(toPoolers.path("ports").toString()).isEqualTo("[{\"port\":5432,\"protocol\":\"TCP\"}]");
        // the alert listener's LISTEN connection: the cluster's primary instance only
        JsonNode toPrimary = api.path("egress").get(1);
        assertThat(toPrimary.path("to").get(0).path("podSelector").path("matchLabels").toString())
                .isEqualTo("{\"cnpg.io/cluster\":\"" + clusterName(objects) + "\",\"cnpg.io/instanceRole\":\"primary\"}");
        assertThat(toPrimary.path("ports").toString()).isEqualTo("[{\"port\":5432,\"protocol\":\"TCP\"}]");
        assertIsDnsOnly(api.path("egress").get(2));

        JsonNode job = K8sManifests.one(objects, "NetworkPolicy", "celestial-migrate").path("spec");
        assertThat(job.path("ingress").isMissingNode() || job.path("ingress").isEmpty()).isTrue();
        assertThat(job.path("policyTypes").toString()).contains("Ingress");
        assertThat(job.path("egress")).hasSize(2);
        assertThat(job.path("egress").get(0).path("to").get(0).path("podSelector").path("matchLabels").path("cnpg.io/cluster").asString())
                .isEqualTo(clusterName(objects));
        assertIsDnsOnly(job.path("egress").get(1));
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void noImageFloats(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        List<String> images = new ArrayList<>();
        for (JsonNode workload : List.of(deployment(overlay), K8sManifests.one(objects, "Job", "celestial-migrate"))) {
            workload.path("spec").path("template").path("spec").path("containers").forEach(c -> images.add(c.path("image").asString()));
        }
        assertThat(images).allSatisfy(image -> assertThat(image).matches(".+/.+:[0-9][A-Za-z0-9._-]*").doesNotEndWith(":latest"));
        // the database image is pinned by digest: a rolling tag would change the PostGIS build under a restart
        assertThat(cluster(objects).path("spec").path("imageName").asString()).matches(".+:[0-9].*@sha256:[0-9a-f]{64}");
        assertThat(K8sManifests.kustomize(K8sManifests.k8s().resolve("overlays").resolve(overlay))).doesNotContain(":latest");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theServicesPoolsAtMaximumScaleFitThePoolersAndThePoolersFitTheDatabase(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        DatabaseProperties db = Binder.get(K8sEnvironment.environment(K8sEnvironment.env(container(deployment(overlay)))))
                .bind("celestial.db", DatabaseProperties.class).get();
        int pods = K8sManifests.one(objects, "HorizontalPodAutoscaler", "celestial").path("spec").path("maxReplicas").asInt();
        Map<String, Integer> perPod = Map.of("rw", db.primary().pool().maxSize() + CONTROL_POOL,
                "ro", db.replica().pool().maxSize() + REPLICA_PROBE_POOL);
        Map<String, Integer> serverConnections = new LinkedHashMap<>();
        for (JsonNode pooler : K8sManifests.ofKind(objects, "Pooler")) {
            String type = pooler.path("spec").path("type").asString();
            JsonNode parameters = pooler.path("spec").path("pgbouncer").path("parameters");
            int instances = pooler.path("spec").path("instances").asInt(1);
            int server = instances * Integer.parseInt(parameters.path("default_pool_size").asString());
            int clients = pods * perPod.get(type);
            assertThat(clients).as("%s: %d pods x %d connections vs %d pooler instances x default_pool_size", type, pods, perPod.get(type), instances)
                    .isLessThanOrEqualTo(server);
            // all the clients may land on one PgBouncer
            assertThat(clients).as(type + " max_client_conn").isLessThanOrEqualTo(Integer.parseInt(parameters.path("max_client_conn").asString()));
            serverConnections.put(type, server);
        }
        JsonNode spec = cluster(objects).path("spec");
        int maxConnections = Integer.parseInt(spec.path("postgresql").path("parameters").path("max_connections").asString());
        int primary = serverConnections.get("rw") + MIGRATION_CONNECTIONS + DATABASE_HEADROOM;
        if (spec.path("instances").asInt() == 1) {
            // no standby: anything the ro pooler reaches is this one instance
            primary += serverConnections.get("ro");
        }
        assertThat(primary).as("connections to the primary vs max_connections").isLessThanOrEqualTo(maxConnections);
        assertThat(serverConnections.get("ro") + DATABASE_HEADROOM).as("connections to one standby").isLessThanOrEqualTo(maxConnections);
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theDatabaseIsSizedForItsResourcesAndSetUpAsTheServiceNeeds(String overlay) {
        JsonNode spec = cluster(K8sManifests.rendered(overlay)).path("spec");
        JsonNode parameters = spec.path("postgresql").path("parameters");
        BigDecimal memory = bytes(spec.path("resources").path("limits").path("memory").asString());
        assertThat(memory).isEqualTo(bytes(spec.path("resources").path("requests").path("memory").asString()));
        assertThat(pgBytes(parameters.path("shared_buffers").asString())).isLessThanOrEqualTo(memory.multiply(new BigDecimal("0.4")));
        assertThat(pgBytes(parameters.path("effective_cache_size").asString())).isLessThanOrEqualTo(memory);
        assertThat(pgBytes(parameters.path("work_mem").asString()).multiply(new BigDecimal(parameters.path("max_connections").asString())))
                .as("work_mem x max_connections").isLessThanOrEqualTo(memory);
        assertThat(spec.path("postgresql").path("shared_preload_libraries").toString()).contains("pg_stat_statements");
        assertThat(parameters.has("pg_stat_statements.max")).isTrue();
        assertThat(spec.path("enableSuperuserAccess").asBoolean(true)).isFalse();
        assertThat(spec.path("bootstrap").path("initdb").path("postInitApplicationSQL").toString()).contains("CREATE EXTENSION IF NOT EXISTS postgis");
        Set<String> roles = new TreeSet<>();
        for (JsonNode role : spec.path("managed").path("roles")) {
            roles.add(role.path("name").asString());
            for (String power : List.of("superuser", "createdb", "createrole", "replication")) {
                assertThat(role.path(power).asBoolean(true)).as(role.path("name").asString() + " " + power).isFalse();
            }
            assertThat(role.path("login").asBoolean()).isTrue();
        }
        assertThat(roles).containsExactly("celestial_owner", "celestial_reader", "celestial_writer");
        assertThat(spec.path("bootstrap").path("initdb").path("owner").asString()).isEqualTo("celestial_owner");
    }

    @ParameterizedTest
    @FieldSource("overlays")
    void theOverlaysDifferAsIntended(String overlay) {
        List<JsonNode> objects = K8sManifests.rendered(overlay);
        JsonNode spec = cluster(objects).path("spec");
        JsonNode hpa = K8sManifests.one(objects, "HorizontalPodAutoscaler", "celestial").path("spec");
        String retention = K8sManifests.one(objects, "ObjectStore", "celestial-backups").path("spec").path("retentionPolicy").asString();
        String schedule = K8sManifests.one(objects, "ScheduledBackup", "celestial-db-daily").path("spec").path("schedule").asString();
        assertThat(schedule).matches("\\d+ \\d+ \\d+ \\* \\* \\*");
        assertThat(K8sManifests.one(objects, "Namespace", deployment(overlay).path("metadata").path("namespace").asString())
                .path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asString()).isEqualTo("restricted");
        if (overlay.equals("prod")) {
            assertThat(spec.path("instances").asInt()).isEqualTo(3);
            assertThat(spec.path("postgresql").path("synchronous").path("method").asString()).isEqualTo("any");
            assertThat(spec.path("affinity").path("enablePodAntiAffinity").asBoolean()).isTrue();
            assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(deployment(overlay).path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(retention).isEqualTo("30d");
        } else {
            assertThat(spec.path("instances").asInt()).isEqualTo(1);
            assertThat(retention).isEqualTo("7d");
        }
    }

    private static void assertIsDnsOnly(JsonNode rule) {
        assertThat(rule.path("to").get(0).path("podSelector").path("matchLabels").path("k8s-app").asString()).isEqualTo("kube-dns");
        assertThat(rule.path("ports").toString()).isEqualTo("[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"}]");
    }

    private static Set<String> values(JsonNode selector) {
        Set<String> values = new TreeSet<>();
        selector.path("matchExpressions").get(0).path("values").forEach(v -> values.add(v.asString()));
        return values;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (var e : selector.properties()) {
            if (!e.getValue().asString().equals(labels.path(e.getKey()).asString(null))) {
                return false;
            }
        }
        return true;
    }

    static int maxRamPercentage(JsonNode container) {
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(K8sEnvironment.env(container).getOrDefault("JAVA_TOOL_OPTIONS", ""));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static BigDecimal bytes(String quantity) {
        return new Quantity(quantity).getNumber();
    }

    /** PostgreSQL memory units are powers of 1024. */
    static BigDecimal pgBytes(String value) {
        Matcher m = Pattern.compile("(\\d+)(kB|MB|GB|TB)").matcher(value);
        assertThat(m.matches()).as(value).isTrue();
        int power = List.of("kB", "MB", "GB", "TB").indexOf(m.group(2)) + 1;
        return new BigDecimal(m.group(1)).multiply(new BigDecimal(1024).pow(power));
    }

    static JsonNode deployment(String overlay) {
        return K8sManifests.one(K8sManifests.rendered(overlay), "Deployment", "celestial");
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    static List<JsonNode> appContainers(String overlay) {
        return List.of(container(deployment(overlay)), container(K8sManifests.one(K8sManifests.rendered(overlay), "Job", "celestial-migrate")));
    }

    static JsonNode cluster(List<JsonNode> objects) {
        List<JsonNode> clusters = K8sManifests.ofKind(objects, "Cluster");
        assertThat(clusters).hasSize(1);
        return clusters.get(0);
    }

    static String clusterName(List<JsonNode> objects) {
        return cluster(objects).path("metadata").path("name").asString();
    }
}
