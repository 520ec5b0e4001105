package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.security.BrokerTls;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A private redis-server of a test that speaks only TLS, on a free port, with nothing persisted; killed on close.
 * The shared Redis on 6379 is never touched.
 */
public final class TlsRedis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final TestCertificates certificates;
    private final String password;
    private final boolean clientCertificates;

    private TlsRedis(Process process, int port, TestCertificates certificates, String password,
                     boolean clientCertificates) {
        this.process = process;
        this.port = port;
        this.certificates = certificates;
        this.password = password;
        this.clientCertificates = clientCertificates;
    }

    /** Starts the server with the certificates, requiring {@code password} unless it is empty. */
    public static TlsRedis start(Path work, TestCertificates certificates, String password) throws IOException {
        return start(work, certificates, password, false);
    }

    /**
     * Starts the server with the certificates, requiring {@code password} unless it is empty and, with
     * {@code clientCertificates}, a client certificate signed by the CA ({@code --tls-auth-clients yes}).
     */
    public static TlsRedis start(Path work, TestCertificates certificates, String password,
                                 boolean clientCertificates) throws IOException {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                "--bind", "127.0.0.1", "--tls-cert-file", certificates.certificate().toString(),
                "--tls-key-file", certificates.key().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(), "--tls-auth-clients", clientCertificates ? "yes" : "no",
                "--save", "", "--appendonly", "no", "--dir", work.toString()));
        if (!password.isEmpty()) {
            command.addAll(List.of("--requirepass", password));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("redis-tls-" + port + ".log").toFile()).start();
        TlsRedis redis = new TlsRedis(process, port, certificates, password, clientCertificates);
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
        return port;
    }

    /** A client over TLS that trusts the test's CA, authenticated as the server requires. */
    public Jedis client() {
        BrokerTls tls = new BrokerTls("test", true, certificates.caCertificate(),
                clientCertificates ? certificates.clientKeyStore() : null, TestCertificates.KEY_STORE_PASSWORD, true);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(tls.sslContext().getSocketFactory()).sslParameters(tls.sslParameters());
        if (!password.isEmpty()) {
            config.password(password);
        }
        return new Jedis(new HostAndPort("localhost", port), config.build());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
