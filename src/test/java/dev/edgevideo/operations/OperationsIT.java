package dev.edgevideo.operations;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.Jpeg;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The operator's view of the real service: cameras API, metrics, health, JMX route control, Jolokia and the
 * statistics log, with two cameras streaming a clip and one that cannot connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAM1 = "ops-cam1";
    private static final String CAM2 = "ops-cam2";
    private static final String DARK = "ops-dark";
    /**
     * Metrics the dashboard and alerts query that another change adds (the camera circuit breaker). Tolerated as
     * missing until it is merged; remove this set then, so the test demands them too.
     */
    @TempDir
    static Path work;

    private final int serverPort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private RunningService service;
    private CapturedLogs logs;
    private Brokers brokers;

    @BeforeAll
    void startService() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 640, 360, 25, 4, 25);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        brokers = new Brokers();
        for (String id : new String[] {CAM1, CAM2, DARK}) {
            brokers.forget(id);
        }
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                // Every frame decoded, so the source rate is the clip's 25 fps (AUTO would skip the tail of each GOP).
                RoutesDir.camera(CAM1, clip.toString(), "loop", "true", "fps", "2", "decodeMode", "ALL"),
                RoutesDir.camera(CAM2, clip.toString(), "loop", "true", "fps", "2"),
                RoutesDir.camera(DARK, "rtsp://viewer:s3cret@127.0.0.1:" + closedPort + "/stream",
                        "connectTimeout", "1s"));
        logs = CapturedLogs.capture();
        Map<String, String> overrides = new HashMap<>(FreePorts.httpServers(serverPort, managementPort));
        overrides.put("edgevideo.statistics.interval-seconds", "2");
        service = RunningService.start(routes, overrides);
        await().atMost(20, SECONDS).until(() -> captured(CAM1) >= 3 && captured(CAM2) >= 3);
    }

    @AfterAll
    void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        logs.close();
        for (String id : new String[] {CAM1, CAM2, DARK}) {
            brokers.forget(id);
        }
        brokers.close();
    }

    @Test
    void camerasApiListsEveryCameraWithStateRatesAndCounters() throws Exception {
        await().atMost(10, SECONDS).untilAsserted(() -> {
            JsonNode cameras = getJson(api("/api/v1/cameras"), 200);
            assertThat(cameras.findValuesAsText("id")).containsExactly(CAM1, CAM2, DARK);
            JsonNode cam1 = cameras.get(0);
            assertThat(cam1.get("state").asText()).isEqualTo("STREAMING");
            assertThat(cam1.get("circuit").asText()).isEqualTo("CLOSED");
            assertThat(cam1.get("target_fps").asDouble()).isEqualTo(2.0);
            assertThat(cam1.get("fps").asDouble()).isBetween(1.5, 2.5);
            assertThat(cam1.get("source_fps").asDouble()).isBetween(20.0, 30.0);
            assertThat(cam1.at("/frames/captured").asLong()).isPositive();
            assertThat(cam1.at("/frames/redis").asLong()).isPositive();
            assertThat(cam1.at("/frames/rabbitmq").asLong()).isPositive();
            assertThat(cam1.get("last_frame_age_seconds").asDouble()).isLessThan(2.0);
            JsonNode dark = cameras.get(2);
            assertThat(dark.get("state").asText()).isIn("CONNECTING", "BACKOFF");
            assertThat(dark.get("url").asText()).contains("127.0.0.1").doesNotContain("s3cret");
        });
        JsonNode one = getJson(api("/api/v1/cameras/" + CAM2), 200);
        assertThat(one.get("id").asText()).isEqualTo(CAM2);
        assertThat(one.get("route_id").asText()).isEqualTo(CAM2);
    }

    @Test
    void unknownCameraIsA404WithAJsonError() throws Exception {
        for (String path : new String[] {"/api/v1/cameras/nope", "/api/v1/cameras/nope/snapshot.jpg"}) {
            HttpResponse<String> response = Http.get(api(path));
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.get("status").asInt()).isEqualTo(404);
            assertThat(error.get("error").asText()).contains("nope");
        }
    }

    @Test
    void snapshotIsTheCamerasNewestFrameFromMemory() throws Exception {
        HttpResponse<byte[]> first = Http.getBytes(api("/api/v1/cameras/" + CAM1 + "/snapshot.jpg"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(Jpeg.decode(first.body()).getWidth()).isEqualTo(640);
        await().atMost(5, SECONDS).until(() -> !Arrays.equals(first.body(),
                Http.getBytes(api("/api/v1/cameras/" + CAM1 + "/snapshot.jpg")).body()));
        HttpResponse<String> dark = Http.get(api("/api/v1/cameras/" + DARK + "/snapshot.jpg"));
        assertThat(dark.statusCode()).as("no frame yet").isEqualTo(404);
        assertThat(dark.body()).isEqualTo("{\"status\":404,\"error\":\"camera " + DARK + " has no frame yet\"}");
    }

    @Test
    void metricsExposeCamelCameraAndSystemMeters() throws Exception {
        await().atMost(10, SECONDS).untilAsserted(() -> {
            String metrics = Http.get(management("/metrics")).body();
            assertThat(value(metrics, "edge_video_camera_fps{camera_id=\"" + CAM1 + "\"}")).isBetween(1.5, 2.5);
            assertThat(value(metrics, "edge_video_camera_source_fps{camera_id=\"" + CAM1 + "\"}"))
                    .isBetween(20.0, 30.0);
            assertThat(value(metrics, "edge_video_camera_last_frame_age_seconds{camera_id=\"" + CAM1 + "\"}"))
                    .isBetween(0.0, 2.0);
            assertThat(value(metrics, "edge_video_capture_latency_seconds_count{camera_id=\"" + CAM1
                                      + "\",sink=\"redis\"}")).isPositive();
            assertThat(metrics).contains("edge_video_capture_latency_seconds_bucket{camera_id=\"" + CAM1);
            assertThat(value(metrics, "edge_video_process_rss_mb")).isGreaterThan(50);
            assertThat(value(metrics, "edge_video_process_cpu_percent")).isGreaterThan(0);
            assertThat(value(metrics, "edge_video_system_ram_total_mb")).isGreaterThan(256);
            assertThat(value(metrics, "edge_video_system_ram_used_percent")).isBetween(0.1, 100.0);
            assertThat(value(metrics, "edge_video_threads")).isGreaterThan(10);
            assertThat(metrics).contains("edge_video_frames_captured_total{camera_id=\"" + CAM1 + "\"}")
                    .contains("camel_exchanges_total").contains("jvm_memory_used_bytes");
        });
    }

    @Test
    void grafanaDashboardAndAlertsQueryOnlyMetricsThatExist() throws Exception {
        Path grafana = RunningService.home().resolve("config/grafana");
        JsonNode dashboard = JSON.readTree(Files.readString(grafana.resolve("edge-video.json")));
        Set<String> queries = new TreeSet<>(dashboard.findValuesAsText("expr"));
        Object alerts = new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(grafana.resolve("alerts.yaml")));
        queries.addAll(JSON.valueToTree(alerts).findValuesAsText("expr"));
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(queries).anyMatch(q -> q.contains("edge_video_memory_level"))
                .anyMatch(q -> q.contains("edge_video_camera_circuit_state"));

        String metrics = Http.get(management("/metrics")).body();
        Set<String> missing = new TreeSet<>();
        Matcher names = Pattern.compile("\\b((?:edge_video|camel|jvm|process)_[a-z_]+)\\b")
                .matcher(String.join(" ", queries));
        while (names.find()) {
            String name = names.group(1);
            if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find()) {
                missing.add(name);
            }
        }
        assertThat(missing).as("metrics queried by config/grafana but absent from /metrics").isEmpty();
    }

    @Test
    void cameraHealthCheckIsDownWithTheReasonAndTheMaskedUrl() throws Exception {
        await().atMost(10, SECONDS).untilAsserted(() -> {
            JsonNode health = getJson(management("/observe/health?exposureLevel=full&data=true"), 503);
            JsonNode dark = check(health, "consumer:camera-" + DARK);
            assertThat(dark.get("status").asText()).isEqualTo("DOWN");
            assertThat(dark.get("message").asText()).startsWith("Camera " + DARK + " has no stream (")
                    .doesNotContain("\\");
            assertThat(dark.path("data").path("camera.last.error").asText())
                    .as("escaped once, as JSON is: %s", dark)
                    .contains("cannot open rtsp://***:***@127.0.0.1:").doesNotContain("\\", "s3cret");
            assertThat(dark.path("data").path("camera.url").asText()).startsWith("rtsp://***:***@127.0.0.1:");
            JsonNode withoutData = check(getJson(management("/observe/health?exposureLevel=full"), 503),
                    "consumer:camera-" + DARK);
            assertThat(withoutData.has("data"))
                    .as("details need data=true, as docs/operations.md says: %s", withoutData).isFalse();
            assertThat(check(health, "consumer:camera-" + CAM1).get("status").asText()).isEqualTo("UP");
            assertThat(check(health, "sink:redis").get("status").asText()).isEqualTo("UP");
            assertThat(check(health, "sink:rabbitmq").get("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void stoppingACameraRouteOverJmxStopsOnlyThatCameraAndReadinessFollowsTheCameras() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName cam1Route = new ObjectName("org.apache.camel:context=edge-video,type=routes,name=\"" + CAM1 + "\"");
        ObjectName cam2Route = new ObjectName("org.apache.camel:context=edge-video,type=routes,name=\"" + CAM2 + "\"");
        ObjectName cam1 = new ObjectName("org.apache.camel:context=edge-video,type=cameras,name=\"" + CAM1 + "\"");
        assertThat(jmx.getAttribute(cam1, "State")).isEqualTo("STREAMING");
        assertThat((Double) jmx.getAttribute(cam1, "TargetFps")).isEqualTo(2.0);
        assertThat(Http.get(management("/observe/health/ready")).statusCode()).isEqualTo(200);

        jmx.invoke(cam2Route, "stop", null, null);
        long cam2Stopped = captured(CAM2);
        long cam1Before = captured(CAM1);
        await().during(Duration.ofSeconds(3)).atMost(5, SECONDS).until(() -> captured(CAM2) == cam2Stopped);
        assertThat(captured(CAM1)).as("the other camera keeps capturing").isGreaterThanOrEqualTo(cam1Before + 4);
        // Camel's route:<id> and consumer:<id> checks of the stopped camera report DOWN but take part in no probe.
        JsonNode health = getJson(management("/observe/health?exposureLevel=full"), 503);
        assertThat(check(health, "route:" + CAM2).get("status").asText()).isEqualTo("DOWN");
        HttpResponse<String> readyWithOneStopped = Http.get(management("/observe/health/ready?exposureLevel=full"));
        assertThat(readyWithOneStopped.statusCode()).as("one camera stopped over JMX: %s", readyWithOneStopped.body())
                .isEqualTo(200);
        assertThat(readyWithOneStopped.body()).contains("\"edge-video\"").doesNotContain("route:", "consumer:");
        assertThat(Http.get(management("/observe/health/live")).statusCode()).isEqualTo(200);

        jmx.invoke(cam1Route, "stop", null, null);
        await().atMost(5, SECONDS).untilAsserted(() -> {
            HttpResponse<String> ready = Http.get(management("/observe/health/ready"));
            assertThat(ready.statusCode()).as("no camera streams").isEqualTo(503);
        });

        jmx.invoke(cam1Route, "start", null, null);
        jmx.invoke(cam2Route, "start", null, null);
        await().atMost(10, SECONDS).until(() -> captured(CAM2) >= cam2Stopped + 3);
        await().atMost(10, SECONDS).until(() -> Http.get(management("/observe/health/ready")).statusCode() == 200);
    }

    @Test
    void reconnectOperationReopensTheCamerasStream() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName camera = new ObjectName("org.apache.camel:context=edge-video,type=cameras,name=\"" + CAM1 + "\"");
        long sessionsBefore = sessionsOpened(CAM1);
        jmx.invoke(camera, "reconnect", null, null);
        await().atMost(10, SECONDS).until(() -> sessionsOpened(CAM1) > sessionsBefore);
        assertThat(jmx.getAttribute(camera, "State")).as("re-registered with the restarted consumer")
                .isEqualTo("STREAMING");
        long afterReconnect = captured(CAM1);
        await().atMost(10, SECONDS).until(() -> captured(CAM1) >= afterReconnect + 2);
    }

    /** "Camera x streaming" is logged once per FFmpeg session that delivered a frame. */
    private long sessionsOpened(String cameraId) {
        return logs.lines().stream().filter(line -> line.contains("Camera " + cameraId + " streaming")).count();
    }

    @Test
    void jolokiaServesTheCameraMBeansOverHttp() throws Exception {
        JsonNode read = getJson(management("/observe/jolokia/read/org.apache.camel:context=edge-video,type=cameras"
                                           + ",name=%22" + DARK + "%22/Url"), 200);
        assertThat(read.get("value").asText()).contains("127.0.0.1").doesNotContain("s3cret");
    }

    @Test
    void statisticsBlockIsLoggedEveryInterval() {
        await().atMost(10, SECONDS).until(() -> logs.contains("STATISTICS", "Redis:", "[" + CAM1 + "] STREAMING",
                "[" + DARK + "]"));
    }

    private long captured(String cameraId) {
        return Cameras.camera(service.context(), cameraId).count(CAPTURED);
    }

    private String api(String path) {
        return "http://127.0.0.1:" + serverPort + path;
    }

    private String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private static JsonNode getJson(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = Http.get(url);
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }

    /** The value of a sample line {@code name{labels} value} in a Prometheus scrape. */
    private static double value(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample);
    }
}
