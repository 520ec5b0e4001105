package dev.edgevideo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A TCP relay on loopback, what the tests' proxies are made of: each connection it accepts is joined to a new
 * connection to the target port, and the bytes of each direction are copied on a thread of their own by the
 * {@link Link} the proxy makes for that connection. When either direction ends, both sockets are closed.
 */
final class TcpRelay implements AutoCloseable {

    /** How one direction of a connection is copied. */
    @FunctionalInterface
    interface Copy {
        void run(InputStream from, OutputStream to) throws IOException;
    }

    /** The two directions of one relayed connection. */
    record Link(Copy toTarget, Copy toClient) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final String name;
    private final Supplier<Link> links;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    TcpRelay(String name, int targetPort, Supplier<Link> links) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.links = links;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, name + "-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every relayed connection; new ones are still accepted. */
    void closeConnections() {
        sockets.forEach(TcpRelay::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Link link = links.get();
                copy(link.toTarget(), client, upstream);
                copy(link.toClient(), upstream, client);
            } catch (IOException e) {
                // closed, or the target is down: the client sees its connection fail, as it would without us
            }
        }
    }

    private void copy(Copy copy, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try {
                copy.run(from.getInputStream(), to.getOutputStream());
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name + "-copy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeConnections();
    }
}
