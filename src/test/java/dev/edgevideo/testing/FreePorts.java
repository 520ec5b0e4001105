package dev.edgevideo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Free local ports, so a test's service does not collide with another service on 8080/9090. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overrides moving the HTTP server and the management server to free ports. */
    public static Map<String, String> httpServers(int serverPort, int managementPort) {
        return Map.of("camel.server.port", Integer.toString(serverPort),
                "camel.management.port", Integer.toString(managementPort));
    }
}
