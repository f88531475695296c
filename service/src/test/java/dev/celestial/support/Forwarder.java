package dev.celestial.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP port that appears when {@link #open} is called and forwards every connection to a target port. */
public final class Forwarder implements AutoCloseable {

    private final int port;
    private final int target;
    private ServerSocket server;

    public Forwarder(int target) throws IOException {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public void open() throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "forwarder-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
