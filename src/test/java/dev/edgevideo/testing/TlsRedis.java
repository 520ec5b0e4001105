package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.edgevideo.security.BrokerTls;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A private redis-server of a test ({@link PrivateRedis}) that speaks only TLS, on a free port, with nothing
 * persisted; killed on close.
 * The shared Redis on 6379 is never touched.
 */
public final class TlsRedis implements AutoCloseable {

    private final PrivateRedis server;
    private final TestCertificates certificates;
    private final String password;
    private final boolean clientCertificates;

    private TlsRedis(PrivateRedis server, TestCertificates certificates, String password,
                     boolean clientCertificates) {
        this.server = server;
        this.certificates = certificates;
        this.password = password;
        this.clientCertificates = clientCertificates;
    }

    /** Starts the server with the certificates, requiring {@code password} unless it is empty. */
    public static TlsRedis start(Path work, TestCertificates certificates, String password)
            throws IOException, InterruptedException {
        return start(work, certificates, password, false);
    }

    /**
     * Starts the server with the certificates, requiring {@code password} unless it is empty and, with
     * {@code clientCertificates}, a client certificate signed by the CA ({@code --tls-auth-clients yes}).
     */
    public static TlsRedis start(Path work, TestCertificates certificates, String password,
                                 boolean clientCertificates) throws IOException, InterruptedException {
        PrivateRedis server = PrivateRedis.start(work.resolve("redis-tls"), port -> {
            List<String> listening = new ArrayList<>(List.of("--port", "0", "--tls-port", String.valueOf(port),
                    "--tls-cert-file", certificates.certificate().toString(),
                    "--tls-key-file", certificates.key().toString(),
                    "--tls-ca-cert-file", certificates.caCertificate().toString(),
                    "--tls-auth-clients", clientCertificates ? "yes" : "no"));
            if (!password.isEmpty()) {
                listening.addAll(List.of("--requirepass", password));
            }
            return listening;
        });
        TlsRedis redis = new TlsRedis(server, certificates, password, clientCertificates);
        try {
            await().atMost(15, SECONDS).ignoreExceptions().until(() -> {
                try (Jedis client = redis.client()) {
                    return "PONG".equals(client.ping());
                }
            });
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public int port() {
        return server.port();
    }

    /** A client over TLS that trusts the test's CA, authenticated as the server requires. */
    public Jedis client() {
        BrokerTls tls = new BrokerTls("test.");
        tls.setEnabled(true);
        tls.setCaFile(certificates.caCertificate().toString());
        if (clientCertificates) {
            tls.setKeyStore(certificates.clientKeyStore().toString());
            tls.setKeyStorePassword(TestCertificates.KEY_STORE_PASSWORD);
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(tls.sslContext().getSocketFactory()).sslParameters(tls.sslParameters());
        if (!password.isEmpty()) {
            config.password(password);
        }
        return new Jedis(new HostAndPort("localhost", server.port()), config.build());
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
