package dev.edgevideo.pipeline;

import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static dev.edgevideo.camera.CameraCounter.RECONNECTS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.GstRtspServer;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RtpTimestampJump;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP MJPEG cameras carry no timestamps: FFmpeg stamps their frames as if they came at 25 fps. Whatever rate the
 * camera really sends, {@code fps: 2} delivers 2 frames a second, and a camera that sends fewer says so. An RTSP
 * camera whose timestamps jump keeps its rate too.
 */
class SourceRateIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to average out one frame more or less: ±1 frame is ±6 % of 16. */
    private static final Duration WINDOW = Duration.ofSeconds(8);

    @TempDir
    Path work;

    @Test
    void httpMjpegCamerasDeliverTheirTargetWhateverTheyReallySendAndASlowerOneIsFlaggedShort() throws Exception {
        int serverPort = FreePorts.next();
        int managementPort = FreePorts.next();
        try (MjpegHttpCamera at5 = new MjpegHttpCamera(320, 180, 5);
             MjpegHttpCamera at10 = new MjpegHttpCamera(320, 180, 10);
             MjpegHttpCamera at25 = new MjpegHttpCamera(320, 180, 25);
             MjpegHttpCamera at1 = new MjpegHttpCamera(320, 180, 1);
             Brokers brokers = new Brokers();
             CapturedLogs logs = CapturedLogs.capture()) {
            for (String id : new String[] {"nc-mjpeg-5", "nc-mjpeg-10", "nc-mjpeg-25", "nc-mjpeg-1"}) {
                brokers.forget(id);
            }
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("nc-mjpeg-5", at5.url(), "fps", "2"),
                    RoutesDir.camera("nc-mjpeg-10", at10.url(), "fps", "2"),
                    RoutesDir.camera("nc-mjpeg-25", at25.url(), "fps", "2"),
                    RoutesDir.camera("nc-mjpeg-1", at1.url(), "fps", "2"));
            Map<String, String> overrides = new HashMap<>(FreePorts.httpServers(serverPort, managementPort));
            try (RunningService service = RunningService.start(routes, overrides)) {
                CameraRuntime cam5 = Cameras.camera(service.context(), "nc-mjpeg-5");
                CameraRuntime cam10 = Cameras.camera(service.context(), "nc-mjpeg-10");
                CameraRuntime cam25 = Cameras.camera(service.context(), "nc-mjpeg-25");
                CameraRuntime cam1 = Cameras.camera(service.context(), "nc-mjpeg-1");
                // Multipart MJPEG carries no timestamps: every such camera samples on arrival time from its first
                // frame, also one at 20 or 25 fps that the made-up 25 fps clock would pass within its tolerance.
                await().atMost(30, SECONDS).until(() -> cam5.isSamplingOnArrival() && cam10.isSamplingOnArrival()
                                                        && cam1.isSamplingOnArrival() && cam25.isSamplingOnArrival());
                assertThat(logs.contains("Camera nc-mjpeg-10: the source's timestamps are made up",
                        "sampling on arrival time")).isTrue();

                long start = System.nanoTime();
                long[] before = {cam5.count(DELIVERED), cam10.count(DELIVERED), cam25.count(DELIVERED),
                        cam1.count(DELIVERED)};
                await().atMost(WINDOW.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - start >= WINDOW.toNanos());
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat((cam5.count(DELIVERED) - before[0]) / seconds).as("5 fps source").isBetween(1.6, 2.4);
                assertThat((cam10.count(DELIVERED) - before[1]) / seconds).as("10 fps source").isBetween(1.6, 2.4);
                assertThat((cam25.count(DELIVERED) - before[2]) / seconds).as("25 fps source").isBetween(1.6, 2.4);
                assertThat((cam1.count(DELIVERED) - before[3]) / seconds).as("1 fps source").isBetween(0.8, 1.2);

                await().atMost(15, SECONDS).untilAsserted(() -> {
                    JsonNode cameras = JSON.readTree(
                            Http.get("http://127.0.0.1:" + serverPort + "/api/v1/cameras").body());
                    JsonNode slow = find(cameras, "nc-mjpeg-1");
                    assertThat(slow.path("source_shortfall").asBoolean()).as("%s", slow).isTrue();
                    assertThat(slow.path("source_fps").asDouble()).isLessThan(slow.path("target_fps").asDouble());
                    assertThat(slow.path("source_shortfall_reason").asText())
                            .contains("fewer than the 2 fps target");
                    assertThat(slow.path("sampling_clock").asText()).isEqualTo("arrival");
                    for (String id : new String[] {"nc-mjpeg-5", "nc-mjpeg-10", "nc-mjpeg-25"}) {
                        JsonNode fine = find(cameras, id);
                        assertThat(fine.path("source_shortfall").asBoolean()).as("%s", fine).isFalse();
                        assertThat(fine.path("source_shortfall_reason").isNull()).isTrue();
                    }
                    String metrics = Http.get("http://127.0.0.1:" + managementPort + "/metrics").body();
                    assertThat(metrics)
                            .contains("edge_video_camera_source_shortfall{camera_id=\"nc-mjpeg-1\"} 1.0")
                            .contains("edge_video_camera_source_shortfall{camera_id=\"nc-mjpeg-10\"} 0.0");
                });
            }
        }
    }

    @Test
    void rtspSourceWithJumpingTimestampsKeepsItsRate() throws Exception {
        String id = "clk-rtsp-jump";
        try (GstRtspServer server = GstRtspServer.start(work, 10);
             RtpTimestampJump jumping = new RtpTimestampJump(server.port(), 20_000, 30);
             Brokers brokers = new Brokers()) {
            brokers.forget(id);
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera(id, jumping.url(GstRtspServer.PATH), "fps", "2"));
            Map<String, String> overrides = new HashMap<>(FreePorts.httpServers(FreePorts.next(), FreePorts.next()));
            try (RunningService service = RunningService.start(routes, overrides)) {
                CameraRuntime camera = Cameras.camera(service.context(), id);
                // Before the jump (20 s after connecting, about 15 s after the first frame): the stream's clock.
                await().atMost(30, SECONDS).until(() -> camera.count(DELIVERED) >= 12);
                assertThat(camera.isSamplingOnArrival()).as("a right RTSP clock is kept").isFalse();
                // The jump seen: the frames' sender time (start of the stream plus pts) is 30 s ahead of ours, and
                // within a window the camera samples on arrival time.
                await().atMost(40, SECONDS).until(() -> camera.clockOffsetSeconds() < -25);
                await().atMost(10, SECONDS).until(camera::isSamplingOnArrival);
                long start = System.nanoTime();
                long before = camera.count(DELIVERED);
                await().atMost(WINDOW.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - start >= WINDOW.toNanos());
                double fps = (camera.count(DELIVERED) - before) / ((System.nanoTime() - start) / 1e9);
                System.out.printf("RTSP timestamps jumped 30 s: %.2f fps delivered after the jump (target 2),"
                                  + " clock offset %.1f s, sampling on %s, %d reconnects%n", fps,
                        camera.clockOffsetSeconds(), camera.isSamplingOnArrival() ? "arrival" : "stream",
                        camera.count(RECONNECTS));
                assertThat(fps).as("delivered after the jump").isBetween(1.6, 2.4);
                assertThat(camera.count(RECONNECTS)).as("no stall, no new session").isZero();
                assertThat(camera.lastFrameAgeSeconds()).isLessThan(2.0);
            }
        }
    }

    private static JsonNode find(JsonNode cameras, String id) {
        JsonNode list = cameras.isArray() ? cameras : cameras.path("cameras");
        for (JsonNode camera : list) {
            if (id.equals(camera.path("id").asText())) {
                return camera;
            }
        }
        throw new AssertionError("no camera " + id + " in " + cameras);
    }
}
