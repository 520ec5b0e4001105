package dev.edgevideo.resilience;

import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static dev.edgevideo.camera.CameraCounter.RECONNECTS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CircuitState;
import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.metrics.MetricsConfiguration;
import dev.edgevideo.testing.BrokenCamera;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken cameras next to a healthy one, in the real service: each broken camera opens its circuit and backs
 * off exponentially (scaled down: 200 ms doubling to 800 ms), says so once in the log and in camera_status
 * events, while the healthy camera keeps its rate.
 */
class CameraFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The backoff scaled from seed 001's 5 s .. 5 min to 200 ms .. 800 ms, without jitter to check timings. */
    private static final Map<String, String> FAST_BACKOFF = Map.of(
            "camel.component.camera.max-failures", "2",
            "camel.component.camera.reconnect-delay", "100",
            "camel.component.camera.initial-backoff", "200",
            "camel.component.camera.max-backoff", "800",
            "camel.component.camera.backoff-jitter", "0");
    private static final String[] SHORT_TIMEOUTS = {"connectTimeout", "1s", "readTimeout", "1s"};

    @TempDir
    Path work;

    @Test
    void brokenCamerasOpenTheirCircuitAndBackOffWhileTheHealthyCameraKeepsItsRate() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        List<String> ids = List.of("res-refused", "res-silent", "res-garbage", "res-dies", "res-healthy");
        try (Brokers brokers = new Brokers();
             BrokenCamera silent = new BrokenCamera(BrokenCamera.Behaviour.SILENT);
             BrokenCamera garbage = new BrokenCamera(BrokenCamera.Behaviour.GARBAGE);
             MjpegHttpCamera dies = new MjpegHttpCamera(320, 240, 5);
             CapturedLogs logs = CapturedLogs.capture()) {
            for (String id : ids) {
                brokers.forget(id);
            }
            String eventsQueue = brokers.channel().queueDeclare().getQueue();
            brokers.channel().exchangeDeclare("edgevideo.events", "topic", true);
            brokers.channel().queueBind(eventsQueue, "edgevideo.events", "camera.res-refused.status");
            String refusedUrl = "http://user:s3cret@127.0.0.1:" + BrokenCamera.refusedPort() + "/video.mjpg";
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("res-refused", refusedUrl, SHORT_TIMEOUTS),
                    RoutesDir.camera("res-silent", silent.url(), SHORT_TIMEOUTS),
                    RoutesDir.camera("res-garbage", garbage.url(), SHORT_TIMEOUTS),
                    RoutesDir.camera("res-dies", dies.url(), SHORT_TIMEOUTS),
                    RoutesDir.camera("res-healthy", clip.toString(), "loop", "true", "fps", "2"));
            try (RunningService service = RunningService.start(routes, FAST_BACKOFF)) {
                CameraComponent cameras = service.context().getComponent("camera", CameraComponent.class);
                List<CameraStatus> changes = Cameras.statusChanges(cameras);
                // A missing file refuses the start (ConfigurationErrorsIT) and an edit that adds one (HotReloadIT).
                await().atMost(10, SECONDS).until(() -> state(cameras, "res-dies") == CameraState.STREAMING);
                CameraRuntime healthy = Cameras.camera(cameras, "res-healthy");
                await().atMost(10, SECONDS).until(() -> healthy.count(DELIVERED) >= 2);
                long deliveredBefore = healthy.count(DELIVERED);
                long windowStart = System.nanoTime();
                dies.close();

                for (String broken : List.of("res-refused", "res-silent", "res-garbage", "res-dies")) {
                    await(broken).atMost(20, SECONDS).until(() -> circuit(cameras, broken) != CircuitState.CLOSED);
                }
                assertThat(Cameras.camera(cameras, "res-refused").status().lastError())
                        .contains("failed: Connection refused (-111)")
                        .doesNotContain("s3cret", "setFormat", "FFmpegLogCallback");
                assertThat(Cameras.camera(cameras, "res-silent").status().lastError()).isNotBlank();
                assertThat(Cameras.camera(cameras, "res-garbage").status().lastError()).isNotBlank();

                // The healthy camera's rate over the whole time the others were failing (at least 6 s).
                await().atMost(15, SECONDS).until(() -> healthy.count(DELIVERED) - deliveredBefore >= 12);
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                double fps = (healthy.count(DELIVERED) - deliveredBefore) / seconds;
                assertThat(fps).as("res-healthy delivered fps (target 2) while five cameras failed")
                        .isBetween(1.6, 2.4);

                await().atMost(10, SECONDS).until(() -> trialGaps(changes, "res-refused").size() >= 6);
                List<TrialGap> gaps = trialGaps(changes, "res-refused");
                for (String id : ids) {
                    CameraStatus status = Cameras.camera(cameras, id).status();
                    System.out.printf("FAULT %s: state %s circuit %s failures %d reconnects %d error %s%n", id,
                            status.state(), status.circuit(), status.consecutiveFailures(),
                            Cameras.camera(cameras, id).count(RECONNECTS), status.lastError());
                }
                System.out.printf("FAULT res-refused trial gaps %s; res-healthy %.2f fps%n", gaps, fps);
                List<Long> capped = gaps.stream().filter(gap -> gap.scheduledMillis() == 800)
                        .map(TrialGap::observedMillis).sorted().toList();
                assertThat(capped).as("waits once the schedule reaches maxBackoff").hasSizeGreaterThanOrEqualTo(3);
                assertThat(capped.get(capped.size() / 2)).as("median wait at maxBackoff, ms").isBetween(780L, 1100L);
                // A busy machine can only make a trial late, never early: every wait lasts at least its step of
                // the schedule, and the typical one (the median lateness) follows it closely.
                assertThat(gaps).allSatisfy(gap -> assertThat(gap.observedMillis())
                        .as("%s", gap).isGreaterThanOrEqualTo(gap.scheduledMillis() - 20));
                List<Long> lateness = gaps.stream().map(gap -> gap.observedMillis() - gap.scheduledMillis())
                        .sorted().toList();
                assertThat(lateness.get(lateness.size() / 2)).as("median lateness of the trials, ms").isLessThan(300);

                long attempts = Cameras.camera(cameras, "res-refused").count(RECONNECTS);
                List<String> warnings = logs.lines().stream()
                        .filter(line -> line.startsWith("WARN") && line.contains("Camera res-refused"))
                        .distinct().toList(); // CapturedLogs may see a line through two logger configs
                assertThat(attempts).isGreaterThanOrEqualTo(5);
                assertThat(warnings)
                        .as("WARN lines for %d failed attempts: the first failure and the opening", attempts)
                        .hasSizeLessThanOrEqualTo(2);
                assertThat(logs.lines()).noneMatch(line -> line.contains("s3cret"));
                assertJmxShowsTheOpenCircuitWithoutCredentials("res-refused");
                MeterRegistry registry = MetricsConfiguration.registry(service.context());
                assertThat(registry.get(CameraMeters.CIRCUIT_STATE).tag("camera_id", "res-refused").gauge().value())
                        .as("open (1) or half-open (2)").isIn(1.0, 2.0);
                assertThat(registry.get(CameraMeters.CIRCUIT_STATE).tag("camera_id", "res-healthy").gauge().value())
                        .isZero();
                assertThat(registry.get(CameraCounter.RECONNECTS.metric()).tag("camera_id", "res-refused")
                        .functionCounter().count()).isGreaterThanOrEqualTo(5);
                assertThat(registry.get(CameraMeters.STATE).tags("camera_id", "res-healthy", "state", "STREAMING")
                        .gauge().value()).isEqualTo(1);

                List<JsonNode> events = new ArrayList<>();
                for (GetResponse message : brokers.take(eventsQueue, 100)) {
                    events.add(JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8)));
                }
                assertThat(events).isNotEmpty().allSatisfy(event -> {
                    assertThat(event.get("event_type").asText()).isEqualTo("camera_status");
                    assertThat(event.get("camera_id").asText()).isEqualTo("res-refused");
                    assertThat(event.get("timestamp").asLong()).isPositive();
                    assertThat(event.has("consecutive_failures")).isTrue();
                    assertThat(event.has("last_error")).isTrue();
                });
                assertThat(events).anySatisfy(event -> {
                    assertThat(event.get("state").asText()).isEqualTo("BACKOFF");
                    assertThat(event.get("circuit_state").asText()).isEqualTo("OPEN");
                    assertThat(event.get("consecutive_failures").asInt()).isGreaterThanOrEqualTo(2);
                    assertThat(event.get("last_error").asText()).contains("failed: Connection refused (-111)")
                            .doesNotContain("s3cret", "setFormat", "FFmpegLogCallback");
                });
            } finally {
                for (String id : ids) {
                    brokers.forget(id);
                }
            }
        }
    }

    @Test
    void aDeadCameraThatComesBackClosesItsCircuitAndShowsNoStaleErrorAnywhere() throws Exception {
        int port = BrokenCamera.refusedPort();
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("res-back", "http://127.0.0.1:" + port + "/video.mjpg", SHORT_TIMEOUTS));
        try (RunningService service = RunningService.start(routes, FAST_BACKOFF);
             CapturedLogs logs = CapturedLogs.capture()) {
            CameraComponent cameras = service.context().getComponent("camera", CameraComponent.class);
            await().atMost(10, SECONDS).until(() -> circuit(cameras, "res-back") != CircuitState.CLOSED);
            long cameraBack;
            try (MjpegHttpCamera camera = new MjpegHttpCamera(320, 240, 5, port)) {
                cameraBack = System.nanoTime();
                await().atMost(10, SECONDS).until(() -> circuit(cameras, "res-back") == CircuitState.CLOSED
                                                        && state(cameras, "res-back") == CameraState.STREAMING);
                long recoveredMillis = (System.nanoTime() - cameraBack) / 1_000_000;
                System.out.printf("FAULT res-back: circuit closed %d ms after the camera came back%n", recoveredMillis);
                assertThat(recoveredMillis).as("within maxBackoff plus three frames at 5 fps").isLessThan(2_000);
                assertThat(Cameras.camera(cameras, "res-back").status().consecutiveFailures()).isZero();
                assertThat(logs.contains("Camera res-back circuit CLOSED")).isTrue();

                JsonNode api = JSON.readTree(Http.get("http://127.0.0.1:" + service.httpPort()
                                                      + "/api/v1/cameras/res-back").body());
                assertThat(api.path("last_error").isNull() || api.path("last_error").isMissingNode())
                        .as("API last_error of a recovered camera: %s", api).isTrue();
                String health = Http.get("http://127.0.0.1:" + service.managementPort()
                                         + "/observe/health?exposureLevel=full&data=true").body();
                assertThat(health).contains("consumer:camera-res-back").doesNotContain("camera.last.error");
                ObjectName mbean = new ObjectName("org.apache.camel:context=" + service.context().getManagementName()
                                                  + ",type=cameras,name=\"res-back\"");
                assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "LastError"))
                        .as("JMX LastError of a recovered camera").isNull();
            }
        } finally {
            try (Brokers brokers = new Brokers()) {
                brokers.forget("res-back");
            }
        }
    }

    @Test
    void reconnectAttemptsAcrossCamerasNeverExceedTheGlobalCap() throws Exception {
        try (BrokenCamera silent = new BrokenCamera(BrokenCamera.Behaviour.SILENT)) {
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("res-cap1", silent.url(), SHORT_TIMEOUTS),
                    RoutesDir.camera("res-cap2", silent.url(), SHORT_TIMEOUTS),
                    RoutesDir.camera("res-cap3", silent.url(), SHORT_TIMEOUTS));
            Map<String, String> overrides = new java.util.HashMap<>(FAST_BACKOFF);
            overrides.put("edgevideo.camera.max-concurrent-reconnects", "1");
            try (RunningService service = RunningService.start(routes, overrides)) {
                await().atMost(15, SECONDS).until(() -> silent.acceptedConnections() >= 4);
                assertThat(silent.maxConcurrentConnections(Duration.ofMillis(100)))
                        .as("connections open at once to the dead camera").isEqualTo(1);
            }
        }
    }

    private static void assertJmxShowsTheOpenCircuitWithoutCredentials(String cameraId) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=cameras,*"), null);
        ObjectName camera = names.stream().filter(name -> name.toString().contains("\"" + cameraId + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no camera MBean for " + cameraId + " in " + names));
        assertThat(server.getAttribute(camera, "CircuitState")).isIn("OPEN", "HALF_OPEN");
        assertThat(server.getAttribute(camera, "State")).isIn("BACKOFF", "CONNECTING");
        assertThat((Integer) server.getAttribute(camera, "ConsecutiveFailures")).isGreaterThanOrEqualTo(2);
        assertThat(camera.toString()).doesNotContain("s3cret");
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(camera).getAttributes()) {
            Object value = server.getAttribute(camera, attribute.getName());
            assertThat(String.valueOf(value)).as("JMX attribute %s", attribute.getName()).doesNotContain("s3cret");
        }
    }

    private static CameraState state(CameraComponent cameras, String id) {
        CameraStatus status = Cameras.camera(cameras, id).status();
        return status == null ? null : status.state();
    }

    private static CircuitState circuit(CameraComponent cameras, String id) {
        CameraStatus status = Cameras.camera(cameras, id).status();
        return status == null ? CircuitState.CLOSED : status.circuit();
    }

    /** The wait before one trial of an open circuit: as the backoff schedule has it, and as the events show. */
    private record TrialGap(long scheduledMillis, long observedMillis) {
    }

    /**
     * The waits from each open circuit's BACKOFF event to the trial's CONNECTING event. The step of the schedule
     * comes from the failure count: the circuit opens at {@code max-failures} (2), then the wait doubles from
     * {@code initial-backoff} per failed trial up to {@code max-backoff}.
     */
    private static List<TrialGap> trialGaps(List<CameraStatus> changes, String id) {
        List<TrialGap> gaps = new ArrayList<>();
        CameraStatus backoff = null;
        for (CameraStatus change : changes) {
            if (!change.cameraId().equals(id)) {
                continue;
            }
            if (change.state() == CameraState.BACKOFF && change.circuit() == CircuitState.OPEN) {
                backoff = change;
            } else if (change.state() == CameraState.CONNECTING && backoff != null) {
                long scheduled = Math.min(200L << Math.min(backoff.consecutiveFailures() - 2, 10), 800);
                gaps.add(new TrialGap(scheduled, Duration.between(backoff.since(), change.since()).toMillis()));
                backoff = null;
            }
        }
        return gaps;
    }
}
