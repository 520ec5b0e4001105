package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.edgevideo.security.BrokerTls;

/**
 * A private RabbitMQ node of a test ({@code edgetls@localhost}) with only a TLS listener, on free ports, its data
 * and logs under the test's directory and no plugins (so no management listener); stopped on close. The shared
 * broker on 5672 is never touched: the node has its own name, ports and files.
 */
public final class TlsRabbitMq implements AutoCloseable {

    private final PrivateRabbitMq node;
    private final TestCertificates certificates;

    private TlsRabbitMq(PrivateRabbitMq node, TestCertificates certificates) {
        this.node = node;
        this.certificates = certificates;
    }

    /** Starts the node and waits (at most 60 s) until it accepts an AMQPS connection. */
    public static TlsRabbitMq start(Path work, TestCertificates certificates) throws IOException {
        PrivateRabbitMq node = PrivateRabbitMq.start(work.resolve("rabbitmq-tls"), "edgetls", port -> String.join("\n",
                "listeners.tcp = none",
                "listeners.ssl.default = 127.0.0.1:" + port,
                "ssl_options.cacertfile = " + certificates.caCertificate(),
                "ssl_options.certfile = " + certificates.certificate(),
                "ssl_options.keyfile = " + certificates.key(),
                "ssl_options.verify = verify_none",
                "ssl_options.fail_if_no_peer_cert = false", ""));
        TlsRabbitMq rabbit = new TlsRabbitMq(node, certificates);
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
        return node.port();
    }

    /** A connection over TLS to localhost as guest, trusting the test's CA and checking the host name. */
    public Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(node.port());
        BrokerTls tls = new BrokerTls("test.");
        tls.setCaFile(certificates.caCertificate().toString());
        factory.useSslProtocol(tls.sslContext());
        factory.enableHostnameVerification();
        return factory.newConnection("edge-video-tls-test");
    }

    @Override
    public void close() {
        node.close();
    }
}
