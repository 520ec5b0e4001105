package dev.edgevideo.security;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestCertificates;
import dev.edgevideo.testing.TestClips;
import dev.edgevideo.testing.TlsRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The service against a Redis that speaks only TLS (a private redis-server with certificates the test makes):
 * frames land there, with the password read from a file or set as a key and never logged, with a client
 * certificate when the server asks for one; a CA that did not sign the server's certificate is one line naming
 * the key to fix.
 */
class RedisTlsIT {

    private static final String PASSWORD = "R3d1sPl4nted-Pw";

    @TempDir
    Path work;

    @Test
    void framesReachATlsRedisWithThePasswordFromAFileThatNoLogLineShows() throws Exception {
        TestCertificates certificates = TestCertificates.create(work.resolve("tls"), "redis");
        Path passwordFile = Files.writeString(work.resolve("redis-password"), PASSWORD + "\n");
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("tls-redis", clip.toString(), "loop", "true"));
        try (TlsRedis redis = TlsRedis.start(work, certificates, PASSWORD); Jedis reader = redis.client();
             Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.captureEverything()) {
            try (RunningService service = RunningService.start(routes, Map.of(
                    "redis.port", String.valueOf(redis.port()), "redis.password-file", passwordFile.toString(),
                    "edgevideo.redis.tls.enabled", "true",
                    "edgevideo.redis.tls.ca-file", certificates.caCertificate().toString()))) {
                await().atMost(30, SECONDS).until(() -> frameKeys(reader).size() >= 3);
                assertThat(reader.get("edgevideo:tls-redis:latest".getBytes())).as("a JPEG").startsWith(0xFF, 0xD8);
            } finally {
                brokers.forget("tls-redis");
            }
            assertThat(logs.lines()).as("log lines at DEBUG").hasSizeGreaterThan(100)
                    .noneMatch(line -> line.contains(PASSWORD));
        }
    }

    @Test
    void aRedisThatAsksForAClientCertificateGetsTheKeyStoreAndThePasswordKeyIsNeverLogged() throws Exception {
        TestCertificates certificates = TestCertificates.create(work.resolve("tls"), "redis");
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("tls-redis", clip.toString(), "loop", "true"));
        try (TlsRedis redis = TlsRedis.start(work, certificates, PASSWORD, true); Jedis reader = redis.client();
             Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.captureEverything()) {
            // redis.password as an override is what REDIS_PASSWORD in the environment becomes (EnvironmentOverrides).
            try (RunningService service = RunningService.start(routes, Map.of(
                    "redis.port", String.valueOf(redis.port()), "redis.password", PASSWORD,
                    "edgevideo.redis.tls.enabled", "true",
                    "edgevideo.redis.tls.ca-file", certificates.caCertificate().toString(),
                    "edgevideo.redis.tls.key-store", certificates.clientKeyStore().toString(),
                    "edgevideo.redis.tls.key-store-password", TestCertificates.KEY_STORE_PASSWORD))) {
                await().atMost(30, SECONDS).until(() -> frameKeys(reader).size() >= 3);
            } finally {
                brokers.forget("tls-redis");
            }
            assertThat(logs.lines()).as("log lines at DEBUG").hasSizeGreaterThan(100)
                    .noneMatch(line -> line.contains(PASSWORD) || line.contains(TestCertificates.KEY_STORE_PASSWORD));
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedUnlessHostnameVerificationIsOff() throws Exception {
        TestCertificates certificates = TestCertificates.create(work.resolve("tls"), "redis", "DNS:localhost");
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("tls-redis", clip.toString(), "loop", "true"));
        try (TlsRedis redis = TlsRedis.start(work, certificates, ""); Jedis reader = redis.client();
             Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.capture()) {
            Map<String, String> overrides = Map.of("redis.host", "127.0.0.1",
                    "redis.port", String.valueOf(redis.port()), "edgevideo.redis.tls.enabled", "true",
                    "edgevideo.redis.tls.ca-file", certificates.caCertificate().toString());
            try (RunningService verifying = RunningService.start(routes, overrides)) {
                await().atMost(30, SECONDS).until(() -> logs.contains("Redis at 127.0.0.1:" + redis.port(),
                        "No subject alternative names matching IP address 127.0.0.1",
                        "check edgevideo.redis.tls.ca-file"));
                assertThat(frameKeys(reader)).isEmpty();
            }
            Map<String, String> trusting = new HashMap<>(overrides);
            trusting.put("edgevideo.redis.tls.verify-hostname", "false");
            try (RunningService service = RunningService.start(routes, trusting)) {
                await().atMost(30, SECONDS).until(() -> frameKeys(reader).size() >= 3);
            } finally {
                brokers.forget("tls-redis");
            }
        }
    }

    @Test
    void aCaThatDidNotSignTheServerCertificateIsOneLineNamingTheCaFileKey() throws Exception {
        TestCertificates certificates = TestCertificates.create(work.resolve("tls"), "redis");
        TestCertificates stranger = TestCertificates.create(work.resolve("tls"), "stranger");
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("tls-redis-ca", clip.toString(), "loop", "true"));
        try (TlsRedis redis = TlsRedis.start(work, certificates, ""); Brokers brokers = new Brokers();
             CapturedLogs logs = CapturedLogs.capture()) {
            try (RunningService service = RunningService.start(routes, Map.of(
                    "redis.port", String.valueOf(redis.port()), "edgevideo.redis.tls.enabled", "true",
                    "edgevideo.redis.tls.ca-file", stranger.caCertificate().toString()))) {
                await().atMost(30, SECONDS).until(() -> logs.contains("Redis at 127.0.0.1:" + redis.port(),
                        "is unavailable", "the TLS handshake failed: check edgevideo.redis.tls.ca-file"));
            } finally {
                brokers.forget("tls-redis-ca");
            }
            String line = logs.lines().stream().filter(l -> l.contains("the TLS handshake failed")).findFirst()
                    .orElseThrow();
            System.out.println("TLS REFUSED: " + line);
            assertThat(line).as("one line, no stack trace").doesNotContain("\n", " | ");
        }
    }

    private static Set<String> frameKeys(Jedis reader) {
        Set<String> keys = reader.keys("edgevideo:tls-redis:*");
        keys.remove("edgevideo:tls-redis:latest");
        return keys;
    }
}
