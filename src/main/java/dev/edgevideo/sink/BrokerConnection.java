package dev.edgevideo.sink;

import dev.edgevideo.security.PasswordFile;
import dev.edgevideo.settings.Settings;

/**
 * The keys every broker connection has, bound by {@link Settings} under the broker's prefix ({@code rabbitmq.},
 * {@code redis.}): where the broker is and its password, which may come from a file. Each broker's own keys are its
 * subclass's: {@link RabbitMqSettings.Connection}, {@link RedisSettings.Connection}.
 */
public abstract class BrokerConnection {

    private final String prefix;
    private String host = "127.0.0.1";
    private int port;
    private String password;
    private String passwordFile = "";

    BrokerConnection(String prefix, int port, String password) {
        this.prefix = prefix;
        this.port = port;
        this.password = password;
    }

    /** Host name or address of the broker. */
    public void setHost(String host) {
        this.host = host;
    }

    /** The broker's port; its TLS port when TLS is enabled. */
    public void setPort(int port) {
        this.port = port;
    }

    /** The password; a {@code password-file} wins over it. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** A file holding the password (a Docker or Kubernetes secret), its trailing line break dropped; empty: none. */
    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    /** The password in force: the file's when one is named, else the key's; fails naming an unreadable file. */
    String password() {
        return PasswordFile.resolve(password, prefix + "password-file", passwordFile);
    }

    /** {@code host:port}, as the sinks' log lines name the broker. */
    String address() {
        return host + ":" + port;
    }
}
