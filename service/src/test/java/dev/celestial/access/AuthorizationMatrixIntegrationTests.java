package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestHttp;
import dev.celestial.support.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route the application maps, found from its own handler mappings, tried with every kind of key
 * and every way of writing its path and method an attacker would try. What each request must get
 * follows from the scope the route declares, never from a list kept in this test.
 */
@IntegrationTest
class AuthorizationMatrixIntegrationTests {

    enum Key { NONE, REVOKED, INGEST, READ, ADMIN }

    enum Variant { PLAIN, ENCODED, UPPER_CASE, TRAILING_SLASH, DOUBLED_SLASH, PARAMETER, HEAD, OPTIONS, WRONG_METHOD }

    /** One mapped route: method, pattern, a concrete path for it, and what it declares. */
    record Route(HttpMethod method, PathPattern pattern, String path, RouteAccess.Route access) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Set<String> REFUSALS = Set.of("unauthenticated", "forbidden", "no-route", "rejected-request");

    @Autowired
    DispatcherHandler dispatcher;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @AfterEach
    void clean() {
        // the ingestion routes it tried leave their refused batches in the log
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'matrix-%'");
    }

    /** Every route of every handler mapping; a mapping of a kind this test cannot enumerate fails it. */
    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (HandlerMapping mapping : dispatcher.getHandlerMappings()) {
            if (mapping instanceof RouterFunctionMapping functions) {
                assertThat(functions.getRouterFunction()).as("functional routes are not enumerated: declare them here").isNull();
                continue;
            }
            if (mapping.getClass().getSimpleName().equals("EmptyHandlerMapping")) {
                // what static resources leave when they are off (spring.web.resources.add-mappings)
                continue;
            }
            assertThat(mapping).as("a handler mapping the access decision cannot see through").isInstanceOf(RequestMappingInfoHandlerMapping.class);
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : ((RequestMappingInfoHandlerMapping) mapping).getHandlerMethods().entrySet()) {
                Set<HttpMethod> methods = entry.getKey().getMethodsCondition().getMethods().stream()
                        .map(method -> HttpMethod.valueOf(method.name())).collect(Collectors.toSet());
                for (PathPattern pattern : entry.getKey().getPatternsCondition().getPatterns()) {
                    RouteAccess.Route access = RouteAccess.declared(entry.getValue(), pattern);
                    assertThat(access.matched()).as("%s on %s declares no scope (@Requires)", entry.getValue(), pattern).isTrue();
                    for (HttpMethod method : methods.isEmpty() ? Set.of(HttpMethod.GET) : methods) {
                        routes.add(new Route(method, pattern, concrete(pattern.getPatternString()), access));
                    }
                }
            }
        }
        return routes;
    }

    /** A path the pattern matches, with plausible values for its variables. */
    static String concrete(String pattern) {
        String path = pattern.replace("/{*path}", "/readiness");
        return VARIABLE.matcher(path).replaceAll(match -> switch (match.group(1)) {
            case "kind" -> "earthquakes";
            case "id" -> UUID.randomUUID().toString();
            default -> "Ceres";
        });
    }

    @Test
    void everyRouteDeclaresItsScopeAndTheAnswerFollowsFromItForEveryKeyPathAndMethod() {
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::path).contains("/api/v1/admin/clients", "/api/v1/earthquakes", "/actuator/health/readiness");
        Map<Key, String> keys = new EnumMap<>(Key.class);
        keys.put(Key.INGEST, TestKeys.create(port, "matrix-ingest", "ingest"));
        keys.put(Key.READ, TestKeys.create(port, "matrix-read", "read"));
        keys.put(Key.ADMIN, TestKeys.create(port, "matrix-admin", "admin"));
        keys.put(Key.REVOKED, revokedKey());

        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (Route route : routes) {
            for (Variant variant : Variant.values()) {
                for (Key key : Key.values()) {
                    HttpMethod method = method(route, variant);
                    String path = path(route.path(), variant);
                    Answer result;
                    try {
                        result = send(method, path, keys.get(key));
                    } catch (RuntimeException e) {
                        throw new AssertionError(method + " " + path + " with " + key + " got no answer", e);
                    }
                    int status = result.status();
                    String type = problemType(result);
                    tried++;
                    outcomes.merge(status + (type.isEmpty() ? "" : " " + type), 1, Integer::sum);
                    String expected = expected(target(routes, method, path), variant, key, status, type);
                    if (expected != null) {
                        wrong.add(method + " " + path + " with " + key + ": " + status + " " + type + ", expected " + expected);
                    }
                }
            }
        }
        System.out.printf("fault auth-matrix routes=%d variants=%d keys=%d requests=%d outcomes=%s%n",
                routes.size(), Variant.values().length, Key.values().length, tried, outcomes);
        assertThat(wrong).isEmpty();
    }

    /**
     * The route a request should reach, by the patterns' own matching on the decoded path and the most
     * specific pattern first, as Spring's mappings choose; HEAD reaches the GET route. Null for none.
     */
    static Route target(List<Route> routes, HttpMethod method, String path) {
        HttpMethod wanted = method == HttpMethod.HEAD ? HttpMethod.GET : method;
        PathContainer parsed = PathContainer.parsePath(path);
        return routes.stream()
                .filter(route -> route.method() == wanted && route.pattern().matches(parsed))
                .min(Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR))
                .orElse(null);
    }

    /** Null when the answer is what the target route's declaration demands, else what was expected. */
    static String expected(Route target, Variant variant, Key key, int status, String type) {
        boolean noKey = key == Key.NONE || key == Key.REVOKED;
        // a HEAD answer has no body to carry the problem's type
        Predicate<String> typeIs = wanted -> type.equals(wanted) || variant == Variant.HEAD && type.isEmpty();
        if (variant == Variant.DOUBLED_SLASH || variant == Variant.PARAMETER) {
            // refused by the firewall before anything else, or matching no route
            return status == 400 && typeIs.test("rejected-request") || noKey && status == 401 || !noKey && status == 404 && typeIs.test("no-route")
                    ? null : "400, or 401 / 404 no-route";
        }
        if (target == null) {
            if (noKey) {
                return status == 401 ? null : "401";
            }
            return status == 404 && typeIs.test("no-route") ? null : "404 no-route";
        }
        boolean allowed = target.access().open() || !noKey && scopes(key).contains(target.access().scope());
        if (allowed) {
            return status == 401 || status == 403 || REFUSALS.contains(type) ? "the route's own answer" : null;
        }
        if (noKey) {
            return status == 401 ? null : "401";
        }
        return status == 403 && typeIs.test("forbidden") ? null : "403";
    }

    static Set<Scope> scopes(Key key) {
        return switch (key) {
            case INGEST -> Set.of(Scope.INGEST);
            case READ -> Set.of(Scope.READ);
            case ADMIN -> Set.of(Scope.ADMIN);
            default -> Set.of();
        };
    }

    static HttpMethod method(Route route, Variant variant) {
        return switch (variant) {
            case HEAD -> HttpMethod.HEAD;
            case OPTIONS -> HttpMethod.OPTIONS;
            case WRONG_METHOD -> route.method() == HttpMethod.PUT ? HttpMethod.PATCH : HttpMethod.PUT;
            default -> route.method();
        };
    }

    static String path(String path, Variant variant) {
        return switch (variant) {
            // the first character of every segment percent-encoded: %61dmin routes like admin
            case ENCODED -> Pattern.compile("/(.)").matcher(path).replaceAll(m -> "/%" + String.format("%02X", (int) m.group(1).charAt(0)));
            case UPPER_CASE -> path.toUpperCase();
            case TRAILING_SLASH -> path + "/";
            case DOUBLED_SLASH -> path.replaceFirst("/", "//");
            case PARAMETER -> path.replaceFirst("^(/[^/]+)", "$1;x=1");
            default -> path;
        };
    }

    /** A response's status and body. */
    record Answer(int status, byte[] body) {
    }

    Answer send(HttpMethod method, String path, String key) {
        // a bare client: the shared one would add the tests' all-scopes key to a request without one
        WebTestClient client = WebTestClient.bindToServer(TestHttp.connector())
                .responseTimeout(Duration.ofSeconds(30)).build();
        WebTestClient.RequestBodySpec request = client.method(method).uri(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        }
        FluxExchangeResult<byte[]> result = request.exchange().returnResult(byte[].class);
        MediaType type = result.getResponseHeaders().getContentType();
        if (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
            // a stream (the alerts') never ends: its first event shows it opened, then it is cancelled
            result.getResponseBody().take(1).blockLast(Duration.ofSeconds(30));
            return new Answer(result.getStatus().value(), new byte[0]);
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        result.getResponseBody().doOnNext(body::writeBytes).blockLast(Duration.ofSeconds(30));
        return new Answer(result.getStatus().value(), body.toByteArray());
    }

    String problemType(Answer result) {
        byte[] body = result.body();
        if (body == null || body.length == 0 || body[0] != '{') {
            return "";
        }
        JsonNode problem = json.readTree(body);
        String type = problem.path("type").asString("");
        return type.substring(type.lastIndexOf('/') + 1);
    }

    String revokedKey() {
        String key = TestKeys.create(port, "matrix-revoked", "ingest", "read", "admin");
        TestDatabase.get().execute(TestDatabase.Role.OWNER,
                "UPDATE celestial.api_clients SET revoked_at = now() WHERE name = 'matrix-revoked'");
        // the instance sees the revocation at its next reload of the clients
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> send(HttpMethod.GET, "/api/v1/impact-risks", key).status() == 401);
        return key;
    }
}
