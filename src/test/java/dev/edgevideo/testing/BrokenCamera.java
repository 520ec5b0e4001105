package dev.edgevideo.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A camera on 127.0.0.1 that is broken in a chosen way, for fault tests: it accepts connections and then says
 * nothing, or answers with garbage. Counts how many connections are open at once, to prove reconnect caps.
 */
public final class BrokenCamera implements AutoCloseable {

    /** How the camera misbehaves once a client connected. */
    public enum Behaviour { SILENT, GARBAGE }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    /** Per connection: accepted and closed, System.nanoTime() (closed is 0 while open). */
    private final List<long[]> connections = new CopyOnWriteArrayList<>();

    public BrokenCamera(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "broken-camera-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A port on which nothing listens: connections are refused. */
    public static int refusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/video.mjpg";
    }

    /**
     * The most connections that were open at the same time, not counting overlaps shorter than {@code grace}
     * (the server notices a client's close a moment after the client, which may already be connecting again).
     */
    public int maxConcurrentConnections(Duration grace) {
        long now = System.nanoTime();
        int max = 0;
        for (long[] connection : connections) {
            long start = connection[0] + grace.toNanos();
            int open = 0;
            for (long[] other : connections) {
                long end = other[1] == 0 ? now : other[1];
                if (other[0] <= start && end - grace.toNanos() > start) {
                    open++;
                }
            }
            max = Math.max(max, open);
        }
        return max;
    }

    public int acceptedConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                long[] connection = {System.nanoTime(), 0};
                connections.add(connection);
                clients.add(client);
                Thread handler = new Thread(() -> serve(client, connection), "broken-camera-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, long[] connection) {
        try (client; OutputStream out = client.getOutputStream()) {
            if (behaviour == Behaviour.GARBAGE) {
                Random random = new Random(42);
                byte[] noise = new byte[4096];
                for (int i = 0; i < 256 && !client.isClosed(); i++) {
                    random.nextBytes(noise);
                    out.write(noise);
                    out.flush();
                }
            } else {
                // Say nothing until the client gives up: read until it closes the connection.
                while (client.getInputStream().read() >= 0) {
                    // drain the request
                }
            }
        } catch (IOException e) {
            // the client gave up, as it should
        } finally {
            connection[1] = System.nanoTime();
            clients.remove(client);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
