package dev.edgevideo.security;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestCertificates;
import dev.edgevideo.testing.TestClips;
import dev.edgevideo.testing.TlsRabbitMq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a RabbitMQ node that has only a TLS listener (amqps; a private node the test starts with
 * certificates it makes): frames land in the camera's queue there; a CA that did not sign the node's certificate, or
 * a certificate that does not name the host, is one line naming the keys to fix. Redis stays the shared one.
 */
class RabbitMqTlsIT {

    @TempDir
    static Path work;

    private static TestCertificates certificates;
    private static TlsRabbitMq rabbit;
    private static Path clip;

    @BeforeAll
    static void startNode() throws Exception {
        // Names localhost only: the service connects to localhost, except where a test proves 127.0.0.1 is refused.
        certificates = TestCertificates.create(work.resolve("tls"), "rabbitmq", "DNS:localhost");
        rabbit = TlsRabbitMq.start(work, certificates);
        clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
    }

    @AfterAll
    static void stopNode() {
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void framesReachATlsListenerWithThePasswordFromAFile() throws Exception {
        Path passwordFile = Files.writeString(work.resolve("rabbitmq-password"), "guest\n");
        Path routes = RoutesDir.withCameras(work.resolve("routes-frames"),
                RoutesDir.camera("tls-amqps", clip.toString(), "loop", "true"));
        try (Connection reader = rabbit.connect();
             RunningService service = RunningService.start(routes, Map.of("rabbitmq.host", "localhost",
                     "rabbitmq.port", String.valueOf(rabbit.port()), "rabbitmq.password", "not-the-password",
                     "rabbitmq.password-file", passwordFile.toString(),
                     "edgevideo.rabbitmq.tls.enabled", "true",
                     "edgevideo.rabbitmq.tls.ca-file", certificates.caCertificate().toString()))) {
            // A fresh channel per look: a passive declaration of a queue not there yet closes its channel.
            await().atMost(30, SECONDS).ignoreExceptions().until(() -> {
                try (Channel look = reader.createChannel()) {
                    return look.queueDeclarePassive("edgevideo.frames.tls-amqps").getMessageCount() >= 3;
                }
            });
            try (Channel channel = reader.createChannel()) {
                GetResponse frame = channel.basicGet("edgevideo.frames.tls-amqps", true);
                assertThat(frame.getBody()).as("a JPEG").startsWith(0xFF, 0xD8);
            }
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefusedWithHostnameVerification() throws Exception {
        Path routes = RoutesDir.withCameras(work.resolve("routes-host"),
                RoutesDir.camera("tls-amqps-host", clip.toString(), "loop", "true"));
        try (CapturedLogs logs = CapturedLogs.capture();
             RunningService service = RunningService.start(routes, Map.of("rabbitmq.host", "127.0.0.1",
                     "rabbitmq.port", String.valueOf(rabbit.port()), "edgevideo.rabbitmq.tls.enabled", "true",
                     "edgevideo.rabbitmq.tls.ca-file", certificates.caCertificate().toString()))) {
            await().atMost(30, SECONDS).until(() -> logs.contains("RabbitMQ at 127.0.0.1:" + rabbit.port(),
                    "No subject alternative names matching IP address 127.0.0.1",
                    "check edgevideo.rabbitmq.tls.ca-file", "edgevideo.rabbitmq.tls.verify-hostname"));
        }
    }

    @Test
    void aCaThatDidNotSignTheServerCertificateIsOneLineNamingTheCaFileKey() throws Exception {
        TestCertificates stranger = TestCertificates.create(work.resolve("tls"), "stranger");
        Path routes = RoutesDir.withCameras(work.resolve("routes-ca"),
                RoutesDir.camera("tls-amqps-ca", clip.toString(), "loop", "true"));
        try (CapturedLogs logs = CapturedLogs.capture();
             RunningService service = RunningService.start(routes, Map.of("rabbitmq.host", "localhost",
                     "rabbitmq.port", String.valueOf(rabbit.port()), "edgevideo.rabbitmq.tls.enabled", "true",
                     "edgevideo.rabbitmq.tls.ca-file", stranger.caCertificate().toString()))) {
            await().atMost(30, SECONDS).until(() -> logs.contains("RabbitMQ at localhost:" + rabbit.port(),
                    "is unavailable", "the TLS handshake failed: check edgevideo.rabbitmq.tls.ca-file"));
            String line = logs.lines().stream().filter(l -> l.contains("the TLS handshake failed")).findFirst()
                    .orElseThrow();
            System.out.println("TLS REFUSED: " + line);
            assertThat(line).as("one line, no stack trace").doesNotContain("\n", " | ");
        }
    }
}
