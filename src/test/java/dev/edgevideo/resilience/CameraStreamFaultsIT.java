package dev.edgevideo.resilience;

import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static dev.edgevideo.camera.CameraCounter.RECONNECTS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import com.rabbitmq.client.GetResponse;
import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.sink.RabbitTopology;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.PausableTcpProxy;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cameras whose stream goes wrong while it plays, all at once in one service next to a healthy camera, which must
 * not slow down: one black-holed (its TCP path stops carrying bytes, nothing is closed), one that switches to
 * another resolution, one that sends garbage instead of JPEGs for a while, and one whose frame rate falls below the
 * target and comes back ({@code SourceRateIT} covers sources that are slow from the start).
 */
class CameraStreamFaultsIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FAULT = Duration.ofSeconds(8);
    private static final List<String> CAMERAS = List.of("flt-hole", "flt-steady", "flt-resize", "flt-resize-h264",
            "flt-corrupt", "flt-slow");

    @TempDir
    Path work;

    @Test
    void brokenStreamsRecoverAndTheHealthyCameraKeepsItsRate() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        Path resizing = TestClips.h264TsChangingSize(work.resolve("resizing.ts"), 320, 240, 480, 270, 25, 2);
        String[] timeouts = {"readTimeout", READ_TIMEOUT.toMillis() + "ms", "connectTimeout", "2s",
                "reconnectDelay", "500ms"};
        try (Brokers brokers = new Brokers();
             MjpegHttpCamera holed = new MjpegHttpCamera(320, 240, 5);
             PausableTcpProxy path = new PausableTcpProxy(port(holed));
             MjpegHttpCamera resized = new MjpegHttpCamera(320, 240, 5);
             MjpegHttpCamera corrupt = new MjpegHttpCamera(320, 240, 5);
             MjpegHttpCamera slow = new MjpegHttpCamera(320, 240, 10)) {
            for (String id : CAMERAS) {
                brokers.forget(id);
            }
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("flt-hole", "http://127.0.0.1:" + path.port() + "/video.mjpg",
                            with(timeouts, "fps", "2")),
                    RoutesDir.camera("flt-steady", clip.toString(), "loop", "true", "fps", "2"),
                    RoutesDir.camera("flt-resize", resized.url(), "fps", "2"),
                    RoutesDir.camera("flt-resize-h264", resizing.toString(), "loop", "true", "fps", "2"),
                    RoutesDir.camera("flt-corrupt", corrupt.url(), with(timeouts, "fps", "2")),
                    RoutesDir.camera("flt-slow", slow.url(), "fps", "2"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                CameraComponent cameras = service.context().getComponent("camera", CameraComponent.class);
                Map<String, List<Change>> changes = recordChanges(cameras);
                for (String id : CAMERAS) {
                    await(id).atMost(20, SECONDS).until(() -> Cameras.camera(cameras, id).count(DELIVERED) >= 3);
                }
                CameraRuntime steady = Cameras.camera(cameras, "flt-steady");
                CameraRuntime hole = Cameras.camera(cameras, "flt-hole");
                CameraRuntime broken = Cameras.camera(cameras, "flt-corrupt");
                CameraRuntime slowed = Cameras.camera(cameras, "flt-slow");
                await().atMost(10, SECONDS).until(() -> !slowed.isSourceShortfall() && slowed.isSamplingOnArrival());
                // The healthy camera's rate just before, over as long as the faults last: on a loaded machine a file
                // camera may fall short of its target by itself, and what counts is that the faults cost it nothing.
                long baselineAt = System.nanoTime();
                long steadyAtBaseline = steady.count(DELIVERED);
                await().atMost(FAULT.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - baselineAt >= FAULT.toNanos());
                long steadyBefore = steady.count(DELIVERED);
                double steadyBaselineFps = (steadyBefore - steadyAtBaseline) / ((System.nanoTime() - baselineAt) / 1e9);
                long holeReconnectsBefore = hole.count(RECONNECTS);

                long faultAt = System.nanoTime();
                path.pause();
                resized.resize(640, 360);
                corrupt.corrupt(true);
                slow.frameRate(1);
                long corruptDeliveredAtStart = broken.count(DELIVERED);
                await().atMost(READ_TIMEOUT.multipliedBy(3))
                        .until(() -> firstChange(changes, "flt-hole", faultAt, false) > 0);
                long holeFailedMillis = (firstChange(changes, "flt-hole", faultAt, false) - faultAt) / 1_000_000;
                await().atMost(15, SECONDS).until(slowed::isSourceShortfall);
                long shortfallMillis = (System.nanoTime() - faultAt) / 1_000_000;
                await().atMost(FAULT.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - faultAt >= FAULT.toNanos());
                long corruptDeliveredDuringFault = broken.count(DELIVERED) - corruptDeliveredAtStart;

                long repairedAt = System.nanoTime();
                path.resume();
                corrupt.corrupt(false);
                slow.frameRate(10);
                long corruptDeliveredAtRepair = broken.count(DELIVERED);
                await().atMost(15, SECONDS).until(() -> firstChange(changes, "flt-hole", repairedAt, true) > 0);
                long holeBackMillis = (firstChange(changes, "flt-hole", repairedAt, true) - repairedAt) / 1_000_000;
                await().atMost(15, SECONDS).until(() -> broken.count(DELIVERED) > corruptDeliveredAtRepair);
                long corruptBackMillis = (System.nanoTime() - repairedAt) / 1_000_000;
                await().atMost(15, SECONDS).until(() -> !slowed.isSourceShortfall());
                long shortfallClearedMillis = (System.nanoTime() - repairedAt) / 1_000_000;
                double steadyFps = (steady.count(DELIVERED) - steadyBefore) / ((System.nanoTime() - faultAt) / 1e9);

                List<QueuedFrame> resizedFrames = framesInQueue(brokers, "flt-resize");
                List<QueuedFrame> decodedResizedFrames = framesInQueue(brokers, "flt-resize-h264");
                List<QueuedFrame> corruptFrames = framesInQueue(brokers, "flt-corrupt");
                List<String> corruptErrors = changes.getOrDefault("flt-corrupt", List.of()).stream()
                        .filter(change -> change.nanos() >= faultAt && change.status().lastError() != null)
                        .map(change -> change.status().lastError()).distinct().toList();
                System.out.printf("CAMERA FAULTS: hole failed %d ms after the cut (readTimeout %d ms), streaming %d ms"
                                  + " after the path came back, reconnects %d; corrupt delivered %d frames while"
                                  + " corrupt, delivering %d ms after it stopped; slow flagged short %d ms"
                                  + " after slowing, cleared %d ms after recovering; resize sizes (header=real) %s,"
                                  + " H.264 %s; corrupt frames in its queue %d, errors %s;"
                                  + " steady %.2f fps (%.2f before)%n", holeFailedMillis, READ_TIMEOUT.toMillis(),
                        holeBackMillis, hole.count(RECONNECTS) - holeReconnectsBefore, corruptDeliveredDuringFault,
                        corruptBackMillis, shortfallMillis, shortfallClearedMillis,
                        resizedFrames.stream().map(f -> f.size() + "=" + f.realSize()).distinct().toList(),
                        decodedResizedFrames.stream().map(f -> f.size() + "=" + f.realSize()).distinct().toList(),
                        corruptFrames.size(), corruptErrors, steadyFps, steadyBaselineFps);

                assertThat(holeFailedMillis).as("the black-holed camera fails after readTimeout")
                        .isBetween(READ_TIMEOUT.toMillis() - 200, READ_TIMEOUT.toMillis() + 2_500);
                assertThat(hole.count(RECONNECTS)).isGreaterThan(holeReconnectsBefore);
                assertThat(holeBackMillis).as("streaming again after the path came back").isLessThan(5_000);
                assertThat(corruptBackMillis).as("the corrupt camera delivering again after the garbage stopped")
                        .isLessThan(5_000);
                assertThat(shortfallClearedMillis).as("shortfall cleared once the source sends enough again")
                        .isLessThan(15_000);
                assertThat(resizedFrames).as("every frame's width/height headers are its JPEG's real size")
                        .allSatisfy(frame -> assertThat(frame.size()).isEqualTo(frame.realSize()));
                assertThat(resizedFrames.stream().map(QueuedFrame::realSize)).contains("320x240", "640x360");
                assertThat(decodedResizedFrames).as("decoded H.264 frames: headers are the real size")
                        .allSatisfy(frame -> assertThat(frame.size()).isEqualTo(frame.realSize()));
                assertThat(decodedResizedFrames.stream().map(QueuedFrame::realSize)).contains("320x240", "480x270");
                assertThat(corruptFrames).as("frames of the corrupt camera, none of them garbage").isNotEmpty()
                        .allSatisfy(frame -> assertThat(frame.size()).isEqualTo(frame.realSize()));
                assertThat(corruptErrors).as("errors of the corrupt camera")
                        .anyMatch(error -> error.contains("not JPEG"));
                assertThat(steadyBaselineFps).as("flt-steady delivered fps (target 2) before the faults")
                        .isGreaterThan(1.0);
                assertThat(steadyFps)
                        .as("flt-steady delivered fps while the others broke, %.2f before", steadyBaselineFps)
                        .isGreaterThanOrEqualTo(steadyBaselineFps * 0.85).isLessThanOrEqualTo(2.4);
            } finally {
                for (String id : CAMERAS) {
                    brokers.forget(id);
                }
            }
        }
    }

    /** A camera's status changes, each with the {@link System#nanoTime()} it was seen. */
    private record Change(long nanos, CameraStatus status) {
    }

    private static Map<String, List<Change>> recordChanges(CameraComponent cameras) {
        Map<String, List<Change>> changes = new ConcurrentHashMap<>();
        cameras.getRegistry().addListener(new CameraRegistryListener() {
            @Override
            public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
                changes.computeIfAbsent(camera.cameraId(), id -> new CopyOnWriteArrayList<>())
                        .add(new Change(System.nanoTime(), current));
            }
        });
        return changes;
    }

    /** When the camera first went (or came back) to STREAMING at or after {@code fromNanos}; 0 when it did not. */
    private static long firstChange(Map<String, List<Change>> changes, String cameraId, long fromNanos,
                                    boolean streaming) {
        return changes.getOrDefault(cameraId, List.of()).stream()
                .filter(change -> change.nanos() >= fromNanos)
                .filter(change -> (change.status().state() == CameraState.STREAMING) == streaming)
                .mapToLong(Change::nanos).findFirst().orElse(0);
    }

    /**
     * A frame message as a consumer sees it: the size its headers state, and its body decoded (null if not an image).
     */
    private record QueuedFrame(int width, int height, BufferedImage image) {

        String size() {
            return width + "x" + height;
        }

        String realSize() {
            return image == null ? "not an image" : image.getWidth() + "x" + image.getHeight();
        }
    }

    private static List<QueuedFrame> framesInQueue(Brokers brokers, String cameraId) throws Exception {
        List<QueuedFrame> frames = new ArrayList<>();
        for (GetResponse message : brokers.take(RabbitTopology.queueName(cameraId), 100)) {
            Map<String, Object> headers = message.getProps().getHeaders();
            frames.add(new QueuedFrame(((Number) headers.get("width")).intValue(),
                    ((Number) headers.get("height")).intValue(),
                    ImageIO.read(new ByteArrayInputStream(message.getBody()))));
        }
        return frames;
    }

    private static int port(MjpegHttpCamera camera) {
        return URI.create(camera.url()).getPort();
    }

    private static String[] with(String[] parameters, String... more) {
        String[] all = Arrays.copyOf(parameters, parameters.length + more.length);
        System.arraycopy(more, 0, all, parameters.length, more.length);
        return all;
    }
}
