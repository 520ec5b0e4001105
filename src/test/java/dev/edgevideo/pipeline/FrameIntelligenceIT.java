package dev.edgevideo.pipeline;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static dev.edgevideo.camera.CameraCounter.FROZEN_EPISODES;
import static dev.edgevideo.camera.CameraCounter.RECONNECTS;
import static dev.edgevideo.camera.CameraCounter.STALE;
import static dev.edgevideo.camera.CameraCounter.THROTTLED;
import static dev.edgevideo.camera.CameraCounter.UNCHANGED;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.MetadataFeed;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish on change and frozen pictures on the real service: a clip this test encodes, still (one flat colour)
 * for 10 s and then moving for 5 s, played in real time by two cameras, publishing to the real Redis and RabbitMQ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameIntelligenceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** publishOn=change, heartbeat 3 s, 2 fps, the file played once. */
    private static final String CHANGE = "fi-change";
    /** The clip looped, frozenAfter 3 s. */
    private static final String FROZEN = "fi-frozen";
    /** The clip looped, frozenAfter 3 s, frozenReconnect. */
    private static final String RECONNECT = "fi-frozen-reconnect";
    private static final long STILL_MILLIS = 10_000;
    private static final long MOVING_MILLIS = 5_000;

    @TempDir
    static Path work;

    private final int serverPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final List<JsonNode> changeFrames = new CopyOnWriteArrayList<>();
    private Brokers brokers;
    private RunningService service;
    private MetadataFeed metadata;

    @BeforeAll
    void startService() throws Exception {
        Path clip = TestClips.h264StillThenMoving(work.resolve("still-then-moving.mp4"), 640, 360, 25,
                (int) (STILL_MILLIS / 1000), (int) (MOVING_MILLIS / 1000), 25);
        brokers = new Brokers();
        brokers.forget(CHANGE);
        brokers.forget(FROZEN);
        brokers.forget(RECONNECT);
        metadata = MetadataFeed.subscribe(this::collectChangeFrames);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(CHANGE, clip.toString(), "fps", "2", "publishOn", "change", "heartbeat", "3s",
                        // The file ends and is reopened after a long wait, so the test sees one clean pass.
                        "reconnectDelay", "60s"),
                RoutesDir.camera(FROZEN, clip.toString(), "fps", "2", "loop", "true", "frozenAfter", "3s"),
                RoutesDir.camera(RECONNECT, clip.toString(), "fps", "2", "loop", "true", "frozenAfter", "3s",
                        "frozenReconnect", "true"));
        service = RunningService.start(routes, new HashMap<>(FreePorts.httpServers(serverPort, managementPort)));
    }

    @AfterAll
    void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        if (metadata != null) {
            metadata.close();
        }
        brokers.forget(CHANGE);
        brokers.forget(FROZEN);
        brokers.forget(RECONNECT);
        brokers.close();
    }

    private void collectChangeFrames(String message) {
        try {
            JsonNode frame = JSON.readTree(message);
            if (frame.get("camera_id").asText().equals(CHANGE)) {
                changeFrames.add(frame);
            }
        } catch (Exception e) {
            throw new IllegalStateException("metadata is not JSON: " + message, e);
        }
    }

    @Test
    void stillPartIsPublishedOnlyAtTheHeartbeatAndTheMovingPartAtTheCamerasFps() throws Exception {
        CameraRuntime camera = Cameras.camera(service.context(), CHANGE);
        // One pass of the clip: 15 s of stream time at 2 fps, 30 sampled frames.
        await().atMost(60, SECONDS).until(() -> camera.count(CAPTURED) >= 30);
        await().atMost(10, SECONDS).until(() -> accounted(camera) == camera.count(CAPTURED));
        long start = changeFrames.get(0).get("timestamp").asLong();
        List<JsonNode> still = changeFrames.stream()
                .filter(f -> f.get("timestamp").asLong() - start < STILL_MILLIS - 250).toList();
        List<JsonNode> moving = changeFrames.stream()
                .filter(f -> f.get("timestamp").asLong() - start >= STILL_MILLIS - 250
                             && f.get("timestamp").asLong() - start < STILL_MILLIS + MOVING_MILLIS).toList();
        System.out.printf("publishOn=change: %d frames in the 10 s still part, %d in the 5 s moving part;"
                          + " %d of %d captured skipped as unchanged; change detection median %.1f us per frame%n",
                still.size(), moving.size(), camera.count(UNCHANGED), camera.count(CAPTURED),
                camera.changeCostNanos() / 1000);

        assertThat(still).as("the first frame, then one per 3 s heartbeat (3, 6, 9 s)").hasSize(4);
        assertThat(still.get(0).get("change_score").isNull()).as("nothing to compare the first with").isTrue();
        still.subList(1, still.size()).forEach(f -> assertThat(f.get("change_score").asDouble()).isZero());
        assertThat(moving.size()).as("2 fps for 5 s").isBetween(9, 11);
        moving.forEach(f -> assertThat(f.get("change_score").asDouble()).isGreaterThan(1.0));
        assertThat(camera.count(UNCHANGED)).as("still samples not published").isGreaterThanOrEqualTo(15);
        assertThat(camera.changeCostNanos()).as("a fraction of a JPEG encode").isLessThan(1_000_000);

        JsonNode entry = JSON.readTree(Http.get(api("/api/v1/cameras/" + CHANGE)).body());
        assertThat(entry.get("publish_on").asText()).isEqualTo("change");
        assertThat(entry.get("dropped").get("unchanged").asLong()).isEqualTo(camera.count(UNCHANGED));
        assertThat(entry.get("unchanged_share").asDouble()).isBetween(0.4, 0.7);
        String metrics = Http.get(management("/metrics")).body();
        assertThat(metrics).contains("edge_video_frames_dropped_total{camera_id=\"" + CHANGE
                                     + "\",reason=\"unchanged\",sink=\"redis\"}");
    }

    @Test
    void stillPictureTurnsFrozenWithHealthDownAndBackWhenThePictureChanges() throws Exception {
        CameraRuntime camera = Cameras.camera(service.context(), FROZEN);
        await().atMost(40, SECONDS).pollInterval(100, MILLISECONDS)
                .until(() -> camera.status().state() == CameraState.FROZEN);
        await().atMost(5, SECONDS).untilAsserted(() -> {
            JsonNode check = check(JSON.readTree(Http.get(management("/observe/health?exposureLevel=full")).body()),
                    "consumer:camera-" + FROZEN);
            assertThat(check.get("status").asText()).isEqualTo("DOWN");
            assertThat(check.toString()).contains("FROZEN");
        });
        assertThat(camera.count(FROZEN_EPISODES)).isGreaterThanOrEqualTo(1);
        String metrics = Http.get(management("/metrics")).body();
        assertThat(metrics).contains("edge_video_camera_frozen_total{camera_id=\"" + FROZEN + "\"}");
        assertThat(JSON.readTree(Http.get(api("/api/v1/cameras/" + FROZEN)).body()).get("up").asBoolean()).isFalse();

        await().atMost(15, SECONDS).pollInterval(100, MILLISECONDS)
                .until(() -> camera.status().state() == CameraState.STREAMING);
    }

    @Test
    void frozenPictureWithFrozenReconnectReopensTheSession() {
        CameraRuntime camera = Cameras.camera(service.context(), RECONNECT);
        await().atMost(40, SECONDS).until(() -> camera.count(FROZEN_EPISODES) >= 1 && camera.count(RECONNECTS) >= 1);
        await().atMost(20, SECONDS).until(() -> camera.status().state() == CameraState.STREAMING);
    }

    /** Frames of the camera published to Redis or dropped before or at it: equals captured once none is in flight. */
    private static long accounted(CameraRuntime camera) {
        CameraRuntime.SinkCounters redis = camera.sink("redis");
        return redis.publishedCount() + camera.count(STALE) + camera.count(THROTTLED) + camera.count(UNCHANGED)
               + redis.droppedCount("sink_open") + redis.droppedCount("sink_error");
    }

    private String api(String path) {
        return "http://127.0.0.1:" + serverPort + path;
    }

    private String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }
}
