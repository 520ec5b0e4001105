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
        // Before the brokers, whose clean-up fails while another test has RabbitMQ stopped.
        if (camera != null) {
            camera.close();
        }
        if (metadata != null) {
            metadata.close();
        }
        if (brokers != null) {
            brokers.forget(RTSP);
            brokers.forget(FILE);
            brokers.close();
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
        // GStreamer sends its first sender report within about 5 s. The frames FFmpeg buffered while it probed the
        // stream on connecting come in a burst and are older; the steady ones after them are judged.
        await().atMost(40, SECONDS).until(() -> steady(frames(RTSP)).size() >= 10);
        List<Received> rtsp = frames(RTSP);
        int firstSender = 0;
        while (!rtsp.get(firstSender).source().equals("sender")) {
            assertThat(rtsp.get(firstSender).source()).as("before the first report").isEqualTo("receiver");
            firstSender++;
        }
        List<Received> onSender = rtsp.subList(firstSender, rtsp.size());
        System.out.printf("RTSP: %d frames on our clock before the first sender report, then %d on the sender's;"
                          + " arrival minus sender time %s ms%n", firstSender, onSender.size(),
                onSender.stream().map(CameraClockIT::behindMillis).toList());
        onSender.forEach(frame -> assertThat(frame.source()).as("the sender's clock stays once known")
                .isEqualTo("sender"));
        // One clock, this machine's: no frame arrives before it was taken, the freshest within the network and
        // decoding delay. The others reach us up to 0.9 s after GStreamer stamped them, in a pattern that repeats
        // every 2 s (the same with every frame decoded).
        List<Long> steady = steady(rtsp).stream().map(CameraClockIT::behindMillis).sorted().toList();
        assertThat(steady).as("arrival minus sender time").allSatisfy(ms -> assertThat(ms).isBetween(0L, 1500L));
        assertThat(steady.get(0)).as("the freshest of %s", steady).isLessThan(300L);

        JsonNode entry = JSON.readTree(Http.get(api("/api/v1/cameras/" + RTSP)).body());
        assertThat(entry.get("timestamp_source").asText()).isEqualTo("sender");
        assertThat(entry.get("clock_offset_ms").asDouble()).as("%s", entry).isBetween(0.0, 1500.0);
        double offset = gauge(Http.get(management("/metrics")).body(), RTSP);
        System.out.printf("RTSP: edge_video_camera_clock_offset_seconds %.4f%n", offset);
        assertThat(offset).isBetween(0.0, 1.5);

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
            assertThat(behindMillis(frame)).as("our capture time, just before publishing").isBetween(0L, 1000L);
        }
        JsonNode entry = JSON.readTree(Http.get(api("/api/v1/cameras/" + FILE)).body());
        assertThat(entry.get("timestamp_source").asText()).isEqualTo("receiver");
        assertThat(entry.get("clock_offset_ms").isNull()).as("%s", entry).isTrue();
        assertThat(gauge(Http.get(management("/metrics")).body(), FILE)).isNaN();
    }

    /** The frames on the sender's clock that arrived 3 s or more after the camera's first one. */
    private static List<Received> steady(List<Received> frames) {
        return frames.isEmpty() ? frames : frames.stream()
                .filter(f -> f.source().equals("sender") && f.receivedMillis() - frames.get(0).receivedMillis() >= 3000)
                .toList();
    }

    private static long behindMillis(Received frame) {
        return frame.receivedMillis() - frame.metadata().get("timestamp").asLong();
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
