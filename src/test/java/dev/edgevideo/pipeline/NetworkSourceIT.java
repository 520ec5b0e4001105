package dev.edgevideo.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A live camera over a real protocol: HTTP MJPEG from a server in the test, on loopback. */
class NetworkSourceIT {

    @TempDir
    Path work;

    @Test
    void httpMjpegCameraFramesArePassedThroughToRedisAndRabbitMq() throws Exception {
        try (MjpegHttpCamera camera = new MjpegHttpCamera(480, 270, 25);
             Brokers brokers = new Brokers();
             CapturedLogs logs = CapturedLogs.capture()) {
            brokers.forget("http-cam");
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("http-cam", camera.url(), "fps", "2"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                await().atMost(20, SECONDS).until(() -> brokers.frameKeys("http-cam").size() >= 3);
                await().atMost(10, SECONDS).until(() -> brokers.messageCount("edgevideo.frames.http-cam") >= 3);
                byte[] stored = brokers.redis().get("edgevideo:http-cam:latest".getBytes(StandardCharsets.UTF_8));
                assertThat(camera.frames()).as("the stored JPEG is byte for byte one the camera sent")
                        .anySatisfy(sent -> assertThat(sent).isEqualTo(stored));
                assertThat(logs.contains("Camera http-cam streaming mjpeg", "(MJPEG passed through")).isTrue();
                assertThat(logs.lines()).as("credentials never logged").noneMatch(line -> line.contains("pa55word"));
                assertThat(logs.contains("http://***:***@127.0.0.1")).isTrue();
            }
        }
    }
}
