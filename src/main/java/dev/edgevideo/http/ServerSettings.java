package dev.edgevideo.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.KnownKeys;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.util.ObjectHelper;

/**
 * What start-up must know of one of camel-main's two HTTP servers to refuse an unsafe or impossible bind.
 *
 * @param prefix         the keys' prefix, {@code camel.server} or {@code camel.management}
 * @param serves         what the server serves, for the operator
 * @param host           the bind address
 * @param port           the port, 0 for any free one
 * @param authentication whether Camel's authentication is on for everything on the server
 * @param basicUsersFile the Vert.x properties file of basic-auth users, or null
 * @param jwtKeystore    the JWT keystore, or null
 */
record ServerSettings(String prefix, String serves, String host, int port, boolean authentication,
                      String basicUsersFile, String jwtKeystore) {

    static ServerSettings of(HttpServerConfigurationProperties server) {
        return new ServerSettings("camel.server", "the cameras API and the status page", server.getHost(),
                server.getPort(), server.isAuthenticationEnabled(), server.getBasicPropertiesFile(),
                server.getJwtKeystorePath());
    }

    static ServerSettings of(HttpManagementServerConfigurationProperties server) {
        return new ServerSettings("camel.management", "metrics, health and Jolokia (every MBean operation)",
                server.getHost(), server.getPort(), server.isAuthenticationEnabled(), server.getBasicPropertiesFile(),
                server.getJwtKeystorePath());
    }

    /** Fails with one line naming the key to set when the server would be exposed, misconfigured or cannot bind. */
    void check() {
        InetAddress address = address();
        if (!address.isLoopbackAddress() && !authentication) {
            throw new ConfigurationException(prefix + ".host = " + host + " exposes " + serves + " without"
                                             + " authentication: set " + key("authentication-enabled") + "=true and "
                                             + key("basic-properties-file") + "=FILE (docs/security.md), or bind "
                                             + key("host") + "=127.0.0.1");
        }
        if (authentication) {
            if (ObjectHelper.isEmpty(basicUsersFile) && ObjectHelper.isEmpty(jwtKeystore)) {
                throw new ConfigurationException(key("authentication-enabled") + "=true needs the users: set "
                                                 + key("basic-properties-file")
                                                 + "=FILE (lines user.NAME = PASSWORD,ROLE)"
                                                 + " or " + key("jwt-keystore-path"));
            }
            if (ObjectHelper.isNotEmpty(basicUsersFile) && !Files.isReadable(Path.of(basicUsersFile))) {
                throw new ConfigurationException(key("basic-properties-file") + " = " + basicUsersFile + " cannot be"
                                                 + " read: fix the path or its permissions");
            }
        }
        if (port != 0) {
            checkPortFree(address);
        }
    }

    // Camel (4.18) logs a Vert.x bind failure and starts anyway, without the server: try the bind first. (Another
    // process could take the port in the moment between; that is the only case left to the log.) Canary:
    // CamelWorkaroundsCanaryTest.camelStartsWithoutItsHttpServerWhenThePortIsTaken.
    private void checkPortFree(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new ConfigurationException(key("port") + " " + port + " on " + host + " is already in use (another"
                                             + " edge-video?): stop that process or set " + key("port") + " ("
                                             + KnownKeys.environmentVariable(key("port")) + ") to a free port", e);
        } catch (IOException e) {
            throw new ConfigurationException(key("port") + " " + port + " on " + host + " cannot be bound: "
                                             + e.getMessage(), e);
        }
    }

    private InetAddress address() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigurationException(key("host") + " = " + host + " does not resolve: use an address of this"
                                             + " machine, e.g. 127.0.0.1", e);
        }
    }

    private String key(String name) {
        return prefix + "." + name;
    }
}
