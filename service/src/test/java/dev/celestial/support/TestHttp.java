package dev.celestial.support;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The tests' HTTP connector: a new connection for every request, never a pooled one.
 *
 * <p>Spring's test framework pauses a cached context when another one is used: its server stops
 * listening, but a connection with an exchange still open then (a stream) is left open, served by the
 * paused context. The kernel may later give the freed port to another test server. A pooled client
 * connection to that port would then carry a request to the paused context, which never answers it (the
 * "no answer, no server log line" failures seen through the pooler). A fresh connection always reaches
 * whoever listens on the port now.
 */
public final class TestHttp {

    private static final ClientHttpConnector CONNECTOR =
            new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));

    private TestHttp() {
    }

    public static ClientHttpConnector connector() {
        return CONNECTOR;
    }
}
