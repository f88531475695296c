package dev.celestial.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A subscriber that stops reading is not buffered for without bound: past {@code subscriber-buffer} its
 * stream ends with an {@code overflow} event naming the last alert it was given, and a reconnect with
 * that id gets the rest, none missing. Its own context: a buffer of two reads and 64 KB unsent, two streams a client.
 */
@IntegrationTest
@TestPropertySource(properties = {"celestial.alerts.subscriber-buffer=2", "celestial.alerts.max-unsent=64KB",
        "celestial.alerts.max-subscribers-per-client=2"})
class SlowSubscriberIntegrationTests {

    static final String TRIGGER = "slow depth 33.3";

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    @Autowired
    AlertFeed feed;

    @Autowired
    AlertStream stream;

    @AfterEach
    void clean() {
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.data_triggers WHERE name = '" + TRIGGER + "'",
                "DELETE FROM celestial.admin_audit WHERE action LIKE 'trigger_%'");
        TestDatabase.get().cleanEventTables();
        TestDatabase.get().execute(TestDatabase.Role.OWNER, "DELETE FROM celestial.api_clients WHERE name LIKE 'slow-%'");
    }

    @Test
    void aSubscriberThatStopsReadingIsCutOffWithItsLastIdAndResumesFromIt() throws Exception {
        AlertStreamIntegrationTests.resetAlerts(feed);
        web.post().uri("/api/v1/admin/triggers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + TRIGGER + "\",\"eventKind\":\"earthquake\",\"conditions\":{\"depthKm\":{\"eq\":33.3}}}")
                .exchange().expectStatus().isCreated();
        String key = TestKeys.create(port, "slow-reader", "read");
        long start = AlertStreamIntegrationTests.currentLastId();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.getOutputStream().write(("GET /api/v1/alerts/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nLast-Event-ID: " + start + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // it reads nothing while 24,000 alerts (about 13 MB of events) are raised
            WebTestClient writer = web.mutate().responseTimeout(Duration.ofSeconds(120)).build();
            for (int b = 0; b < 3; b++) {
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < 8000; i++) {
                    body.append(String.format(Locale.ROOT, "{\"sourceId\":\"slow-%d-%d\",\"time\":\"2024-01-01T00:00:00Z\",\"latitude\":1,"
                            + "\"longitude\":1,\"magnitude\":5,\"depthKm\":33.3}%n", b, i));
                }
                writer.post().uri("/api/v1/earthquakes").contentType(MediaType.APPLICATION_NDJSON)
                        .bodyValue(body.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
            }
            List<Long> expected = AlertStreamIntegrationTests.alertIdsAfter(start);
            assertThat(expected).hasSize(24_000);
            Thread.sleep(2000);
            // now it reads what was sent, up to the end of the response (the last chunk) or 10 s of silence
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                    if (received.toString(StandardCharsets.UTF_8).endsWith("\r\n0\r\n\r\n")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException silent) {
                // asserted below: the stream must have ended
            }
            String text = received.toString(StandardCharsets.UTF_8);
            assertThat(text).as("the stream ended; received %d bytes, %d ids, ending %s", text.length(), text.split("\nid: ").length,
                    text.substring(Math.max(0, text.length() - 300))).endsWith("\r\n0\r\n\r\n");
            List<Long> alerts = new ArrayList<>();
            Long overflowId = null;
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("id: ")) {
                    long id = Long.parseLong(lines[i].substring(4).trim());
                    if (lines[i + 1].startsWith("event: overflow")) {
                        overflowId = id;
                    } else {
                        alerts.add(id);
                    }
                }
            }
            assertThat(overflowId).as("an overflow event").isNotNull();
            assertThat(alerts).isNotEmpty().hasSizeLessThan(24_000);
            assertThat(alerts).isEqualTo(LongStream.rangeClosed(start + 1, overflowId).boxed().toList());
            System.out.printf(Locale.ROOT, "fault alert-stream-slow-subscriber alerts=%d delivered_before_cut=%d overflow_last_id=%d%n",
                    expected.size(), alerts.size(), overflowId);

            StreamSubscriber resumed = new StreamSubscriber(StreamSubscriber.client(port, key), "", 0).connect(overflowId);
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> resumed.ids().size() >= expected.size() - alerts.size());
                List<Long> all = new ArrayList<>(alerts);
                all.addAll(resumed.ids());
                assertThat(all).isEqualTo(expected);
            } finally {
                resumed.close();
            }
        }
    }

    @Test
    void aClientHoldsAtMostItsCapOfStreamsAndGetsItsPlacesBack() throws Exception {
        String key = TestKeys.create(port, "slow-capped", "read");
        List<Socket> open = new ArrayList<>();
        try {
            open.add(openStream(key, "200"));
            open.add(openStream(key, "200"));
            openStream(key, "429").close();
            // another client has places of its own
            open.add(openStream(TestKeys.create(port, "slow-other", "read"), "200"));
            open.remove(0).close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Socket again = openStream(key, null);
                open.add(again);
                assertThat(statusOf(again)).isEqualTo("200");
            });
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        // the clients' entries go with their last stream
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.clientsStreaming() == 0);
    }

    private final Map<Socket, String> statuses = new HashMap<>();

    /** A stream request on a socket of its own, its status line read (and checked when {@code expected} is given). */
    Socket openStream(String key, String expected) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /api/v1/alerts/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        for (int c; (c = socket.getInputStream().read()) != -1 && c != '\n'; ) {
            line.append((char) c);
        }
        String status = line.toString().split(" ")[1];
        statuses.put(socket, status);
        if (expected != null) {
            assertThat(status).as(line.toString()).isEqualTo(expected);
        }
        return socket;
    }

    String statusOf(Socket socket) {
        return statuses.get(socket);
    }
}
