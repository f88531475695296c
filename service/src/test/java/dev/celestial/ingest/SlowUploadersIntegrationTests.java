package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.Rows;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import io.r2dbc.pool.ConnectionPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Uploaders that send a byte every 100 ms, on raw sockets: they hold no writer connection (the
 * transaction begins only once a chunk is parsed), are cut off below the minimum upload rate with 408,
 * one client cannot run more than its concurrent ingestion requests, and meanwhile readiness, other
 * clients' ingestion and reads are answered.
 */
@IntegrationTest
@TestPropertySource(properties = {"celestial.ingest.body-stall-timeout=2s", "celestial.ingest.min-upload-rate=1KB"})
class SlowUploadersIntegrationTests {

    static final String RECORD = "{\"sourceId\":\"slow1\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1,\"magnitude\":4}\n";

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("writerPool")
    ConnectionPool writerPool;

    @LocalServerPort
    int port;

    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'slow-%'");
    }

    /** Sends headers, then one byte of the body every 100 ms until answered; answers the status line. */
    CompletableFuture<String> drip(String key) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(100);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/earthquakes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                        + "Authorization: Bearer " + key + "\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                byte[] body = RECORD.repeat(1000).getBytes(StandardCharsets.UTF_8);
                StringBuilder answer = new StringBuilder();
                for (int i = 0; i < 300; i++) {
                    out.write(body[i % body.length]);
                    out.flush();
                    try {
                        int read = in.read();
                        while (read >= 0 && read != '\r') {
                            answer.append((char) read);
                            read = in.read();
                        }
                        return answer.toString();
                    } catch (java.net.SocketTimeoutException quiet) {
                        // no answer yet: drip on
                    }
                }
                return "no answer after 30 s";
            } catch (IOException e) {
                return "connection: " + e.getMessage();
            }
        });
    }

    @Test
    void tenSlowUploadersHoldNothingAreCutOffAndEveryoneElseIsServed() {
        List<CompletableFuture<String>> uploads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            uploads.add(drip(TestKeys.create(port, "slow-" + i, "ingest")));
        }
        LockSupport.parkNanos(Duration.ofMillis(1000).toNanos());
        // while they drip
        int acquired = writerPool.getMetrics().orElseThrow().acquiredSize();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        web.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON).bodyValue(RECORD)
                .exchange().expectStatus().isOk();
        web.get().uri("/api/v1/earthquakes/slow1").exchange().expectStatus().isOk();
        List<String> answers = uploads.stream().map(CompletableFuture::join).toList();
        System.out.printf("fault slow-uploaders uploaders=10 writer_connections_held_while_dripping=%d answers=%s%n", acquired, answers);
        assertThat(acquired).isZero();
        assertThat(answers).allMatch(status -> status.startsWith("HTTP/1.1 408"));
        assertThat(Rows.count("earthquakes")).isEqualTo(1);
    }

    @Test
    void oneClientRunsOnlyItsConcurrentIngestionRequestsAndTheRestAre429AtOnce() {
        String key = TestKeys.create(port, "slow-one", "ingest");
        List<CompletableFuture<String>> uploads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            uploads.add(drip(key));
        }
        List<String> answers = uploads.stream().map(CompletableFuture::join).toList();
        System.out.printf("fault slow-uploaders-one-key uploaders=10 answers=%s%n", answers);
        assertThat(answers.stream().filter(status -> status.startsWith("HTTP/1.1 429"))).hasSize(6);
        assertThat(answers.stream().filter(status -> status.startsWith("HTTP/1.1 408"))).hasSize(4);
    }
}
