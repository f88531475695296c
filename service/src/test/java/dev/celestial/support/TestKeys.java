package dev.celestial.support;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys for tests. Every test server runs with {@link #ADMIN} as its bootstrap admin key; the first
 * request a test sends without an {@code Authorization} header makes, through the real admin API, a
 * client with every scope on that server, and every such request then carries its key.
 */
public final class TestKeys {

    public static final String ADMIN = "test-bootstrap-admin-key-9f6a1c2e4b7d8f0a3c5e7b9d1f2a4c6e";
    private static final Map<String, String> ALL_SCOPES = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    /** The all-scopes key of the server at {@code port}, once a test has sent it a request. */
    public static String allScopes(int port) {
        String key = ALL_SCOPES.get("http://localhost:" + port);
        if (key == null) {
            throw new IllegalStateException("no key yet for port " + port + "; send a request through WebTestClient first");
        }
        return key;
    }

    /** Creates a client through the admin API of the server at {@code port} and answers its key. */
    public static String create(int port, String name, String... scopes) {
        return create("http://localhost:" + port, name, scopes).block(java.time.Duration.ofSeconds(10));
    }

    private static Mono<String> create(String server, String name, String... scopes) {
        String body = "{\"name\":\"" + name + "\",\"contact\":\"" + name + "@celestial.dev\",\"scopes\":[\""
                + String.join("\",\"", scopes) + "\"]}";
        return WebClient.builder().clientConnector(TestHttp.connector()).baseUrl(server).build().post().uri("/api/v1/admin/clients")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .retrieve().bodyToMono(String.class)
                .map(answer -> JsonMapper.builder().build().readTree(answer).get("key").asString());
    }

    /** Adds an all-scopes key, made through the server's admin API on first use, to requests that carry none. */
    public static ExchangeFilterFunction filter() {
        return (request, next) -> request.headers().containsHeader(HttpHeaders.AUTHORIZATION) ? next.exchange(request)
                : key(request.url()).flatMap(key -> next.exchange(ClientRequest.from(request)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key).build()));
    }

    private static Mono<String> key(URI url) {
        String server = url.getScheme() + "://localhost:" + url.getPort();
        String known = ALL_SCOPES.get(server);
        if (known != null) {
            return Mono.just(known);
        }
        return create(server, "tests", "ingest", "read", "admin").map(key -> ALL_SCOPES.computeIfAbsent(server, s -> key));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {

        @Bean
        WebTestClientBuilderCustomizer allScopesKey() {
            // a scrape of /actuator/prometheus after many tests' requests is larger than the default 256 KB
            return builder -> builder.clientConnector(TestHttp.connector()).filter(filter()).codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024));
        }
    }
}
