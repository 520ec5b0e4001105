package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.edgevideo.security.BrokerTls;

/**
 * A private RabbitMQ node of a test ({@code edgetls@localhost}) with only a TLS listener, on free ports, its data
 * and logs under the test's directory and no plugins (so no management listener); stopped on close. The shared
 * broker on 5672 is never touched: the node has its own name, ports and files.
 */
public final class TlsRabbitMq implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    private final Process process;
    private final int port;
    private final TestCertificates certificates;

    private TlsRabbitMq(Process process, int port, TestCertificates certificates) {
        this.process = process;
        this.port = port;
        this.certificates = certificates;
    }

    /** Starts the node and waits (at most 60 s) until it accepts an AMQPS connection. */
    public static TlsRabbitMq start(Path work, TestCertificates certificates) throws IOException {
        Path dir = Files.createDirectories(work.resolve("rabbitmq-tls"));
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp = none",
                "listeners.ssl.default = 127.0.0.1:" + port,
                "ssl_options.cacertfile = " + certificates.caCertificate(),
                "ssl_options.certfile = " + certificates.certificate(),
                "ssl_options.keyfile = " + certificates.key(),
                "ssl_options.verify = verify_none",
                "ssl_options.fail_if_no_peer_cert = false", ""));
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("startup.log").toFile());
        builder.environment().put("RABBITMQ_NODENAME", "edgetls@localhost");
        builder.environment().put("RABBITMQ_NODE_PORT", String.valueOf(port));
        builder.environment().put("RABBITMQ_DIST_PORT", String.valueOf(FreePorts.next()));
        builder.environment().put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        builder.environment().put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        builder.environment().put("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString());
        builder.environment().put("RABBITMQ_CONFIG_FILE", config.toString());
        builder.environment().put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        builder.environment().put("RABBITMQ_ENABLED_PLUGINS_FILE",
                Files.writeString(dir.resolve("enabled_plugins"), "[].\n").toString());
        TlsRabbitMq rabbit = new TlsRabbitMq(builder.start(), port, certificates);
        try {
            await().atMost(60, SECONDS).pollInterval(1, SECONDS).ignoreExceptions().until(() -> {
                try (Connection connection = rabbit.connect()) {
                    return connection.isOpen();
                }
            });
        } catch (RuntimeException e) {
            rabbit.close();
            throw e;
        }
        return rabbit;
    }

    public int port() {
        return port;
    }

    /** A connection over TLS to localhost as guest, trusting the test's CA and checking the host name. */
    public Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(port);
        factory.useSslProtocol(new BrokerTls("test", true, certificates.caCertificate(), null, "", true).sslContext());
        factory.enableHostnameVerification();
        return factory.newConnection("edge-video-tls-test");
    }

    /** Stops the node (the Erlang VM the start script runs) and the script. */
    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
