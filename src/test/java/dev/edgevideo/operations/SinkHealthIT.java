package dev.edgevideo.operations;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service pointed at a RabbitMQ and a Redis that are not there (closed local ports; the shared brokers are
 * left alone): the camera streams, both sink checks go DOWN and the service is no longer ready.
 */
class SinkHealthIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void bothSinksDownMakeTheServiceUnreadyWhileTheCameraStillStreams() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 180, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("ops-nosinks", clip.toString(), "loop", "true", "fps", "5"));
        int managementPort = FreePorts.next();
        Map<String, String> overrides = new HashMap<>(FreePorts.httpServers(FreePorts.next(), managementPort));
        overrides.put("rabbitmq.port", Integer.toString(closedPort()));
        overrides.put("redis.port", Integer.toString(closedPort()));
        try (RunningService service = RunningService.start(routes, overrides)) {
            String health = "http://127.0.0.1:" + managementPort + "/observe/health";
            await().atMost(30, SECONDS).untilAsserted(() -> {
                JsonNode checks = JSON.readTree(Http.get(health + "?exposureLevel=full").body()).get("checks");
                assertThat(status(checks, "sink:rabbitmq")).isEqualTo("DOWN");
                assertThat(status(checks, "sink:redis")).isEqualTo("DOWN");
                assertThat(status(checks, "consumer:camera-ops-nosinks")).isEqualTo("UP");
                HttpResponse<String> ready = Http.get(health + "/ready?exposureLevel=full");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("Both sinks are down");
            });
        }
    }

    private static String status(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (check.get("name").asText().equals(name)) {
                return check.get("status").asText();
            }
        }
        throw new AssertionError("no health check " + name + " in " + checks);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
