package dev.edgevideo.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.GstRtspServer;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.MetadataFeed;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whose clock a frame's timestamp is on, on the real service: an RTSP camera from GStreamer's RTSP server, which
 * sends RTCP sender reports, and a file, which has none. Both clocks are this machine's, so the sender's time of a
 * frame is within the network and decoding delay of ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CameraClockIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RTSP = "clk-rtsp";
    private static final String FILE = "clk-file";

    @TempDir
    static Path work;

    private final int serverPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    /** Each frame's metadata with our clock when it arrived, for the two cameras. */
    private final List<Received> frames = new CopyOnWriteArrayList<>();
    private GstRtspServer camera;
    private Brokers brokers;
    private MetadataFeed metadata;
    private RunningService service;

    private record Received(JsonNode metadata, long receivedMillis) {
        String cameraId() {
            return metadata.get("camera_id").asText();
        }

        String source() {
            return metadata.path("timestamp_source").asText();
        }
    }

    @BeforeAll
    void startService() throws Exception {
        camera = GstRtspServer.start(work, 10);
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 180, 25, 4, 25);
        brokers = new Brokers();
        brokers.forget(RTSP);
        brokers.forget(FILE);
        metadata = MetadataFeed.subscribe(this::collect);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(RTSP, camera.url(), "fps", "2"),
                RoutesDir.camera(FILE, clip.toString(), "fps", "2", "loop", "true"));
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
        if (brokers != null) {
            brokers.forget(RTSP);
            brokers.forget(FILE);
            brokers.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    private void collect(String message) {
        long now = System.currentTimeMillis();
        try {
            JsonNode frame = JSON.readTree(message);
            String id = frame.get("camera_id").asText();
            if (id.equals(RTSP) || id.equals(FILE)) {
                frames.add(new Received(frame, now));
            }
        } catch (Exception e) {
            throw new IllegalStateException("metadata is not JSON: " + message, e);
        }
    }

    @Test
    void rtspFramesCarryTheSendersClock() throws Exception {
        // GStreamer sends its first sender report within about 5 s; then 10 frames on the sender's clock.
        await().atMost(40, SECONDS).until(() -> frames(RTSP).stream().filter(f -> f.source().equals("sender"))
                                                        .count() >= 10);
        List<Received> rtsp = frames(RTSP);
        int firstSender = 0;
        while (!rtsp.get(firstSender).source().equals("sender")) {
            assertThat(rtsp.get(firstSender).source()).as("before the first report").isEqualTo("receiver");
            firstSender++;
        }
        List<Received> onSender = rtsp.subList(firstSender, rtsp.size());
        System.out.printf("RTSP: %d frames on our clock before the first sender report, then %d on the sender's;"
                          + " sender time behind arrival by %s ms%n", firstSender, onSender.size(),
                onSender.stream().map(f -> f.receivedMillis() - f.metadata().get("timestamp").asLong()).toList());
        for (Received frame : onSender) {
            assertThat(frame.source()).as("the sender's clock stays once known").isEqualTo("sender");
            long behind = frame.receivedMillis() - frame.metadata().get("timestamp").asLong();
            assertThat(behind).as("sender time of %s vs its arrival here", frame.metadata()).isBetween(-1000L, 1000L);
        }

        JsonNode entry = JSON.readTree(Http.get(api("/api/v1/cameras/" + RTSP)).body());
        assertThat(entry.get("timestamp_source").asText()).isEqualTo("sender");
        assertThat(entry.get("clock_offset_ms").asDouble()).as("%s", entry).isBetween(-1000.0, 1000.0);
        double offset = gauge(Http.get(management("/metrics")).body(), RTSP);
        System.out.printf("RTSP: edge_video_camera_clock_offset_seconds %.4f%n", offset);
        assertThat(offset).isBetween(-1.0, 1.0);

        List<GetResponse> messages = brokers.take("edgevideo.frames." + RTSP, 500);
        assertThat(messages).isNotEmpty();
        GetResponse newest = messages.get(messages.size() - 1);
        assertThat(newest.getProps().getHeaders().get("timestamp_source")).hasToString("sender");
    }

    @Test
    void fileFramesUseTheReceiverClock() throws Exception {
        await().atMost(30, SECONDS).until(() -> frames(FILE).size() >= 6);
        for (Received frame : frames(FILE)) {
            assertThat(frame.source()).as("%s", frame.metadata()).isEqualTo("receiver");
            long behind = frame.receivedMillis() - frame.metadata().get("timestamp").asLong();
            assertThat(behind).as("our capture time, just before publishing").isBetween(0L, 1000L);
        }
        JsonNode entry = JSON.readTree(Http.get(api("/api/v1/cameras/" + FILE)).body());
        assertThat(entry.get("timestamp_source").asText()).isEqualTo("receiver");
        assertThat(entry.get("clock_offset_ms").isNull()).as("%s", entry).isTrue();
        assertThat(gauge(Http.get(management("/metrics")).body(), FILE)).isNaN();
    }

    private List<Received> frames(String cameraId) {
        return frames.stream().filter(f -> f.cameraId().equals(cameraId)).toList();
    }

    private static double gauge(String metrics, String cameraId) {
        Matcher value = Pattern.compile("edge_video_camera_clock_offset_seconds\\{camera_id=\"" + cameraId
                                        + "\"} (\\S+)").matcher(metrics);
        assertThat(value.find()).as("clock offset gauge of %s", cameraId).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private String api(String path) {
        return "http://127.0.0.1:" + serverPort + path;
    }

    private String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }
}
