package dev.edgevideo.governor;

import static dev.edgevideo.camera.CameraCounter.PAUSES;
import static dev.edgevideo.camera.CameraCounter.THROTTLE_EPISODES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.edgevideo.camera.CameraState;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service with four cameras, its memory readings stepped through the levels by a fake probe: delivered
 * frames follow each level's cap, EMERGENCY pauses and resumes, counters, metrics and the HTTP API follow. And a
 * camera that stops gets its memory given back at once, whatever the level.
 */
class GovernorIT {

    private static final List<String> CAMERAS = List.of("gov-1", "gov-2", "gov-3", "gov-4");
    private static final double CAMERA_FPS = 5;
    private static final long LIMIT_MB = 1000;

    @TempDir
    Path work;

    private final FakeProbe probe = new FakeProbe(100, 64_000, 1_000);
    private final HttpClient http = Http.CLIENT;

    @Test
    void deliveredFramesFollowTheCapOfEachMemoryLevel() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        String[] cameras = CAMERAS.stream().map(id -> RoutesDir.camera(id, clip.toString(), "fps", "5", "loop", "true"))
                .toArray(String[]::new);
        Path routes = RoutesDir.withCameras(work.resolve("routes"), cameras);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("edgevideo.memory.max-memory-mb", Long.toString(LIMIT_MB));
        overrides.put("edgevideo.memory.check-interval-seconds", "0.2");
        overrides.put("edgevideo.memory.emergency-min-interval-seconds", "0.5");
        try (Brokers brokers = new Brokers()) {
            for (String camera : CAMERAS) {
                brokers.forget(camera);
            }
            try (RunningService service = RunningService.start(routes, overrides,
                    Map.of(MemoryProbe.BEAN, probe))) {
                int httpPort = service.httpPort();
                int managementPort = service.managementPort();
                MemoryGovernor governor = service.bean("memoryGovernor", MemoryGovernor.class);
                await().atMost(15, SECONDS).until(() -> CAMERAS.stream()
                        .allMatch(id -> Cameras.camera(service.context(), id).sink(Sink.REDIS.id())
                                .publishedCount() > 2));

                assertRate(service, governor, 100, MemoryLevel.NORMAL, 6, CAMERA_FPS);
                assertRate(service, governor, 800, MemoryLevel.CRITICAL, 10, 2);
                assertThat(Cameras.camera(service.context(), "gov-1").count(THROTTLE_EPISODES)).isPositive();

                assertRate(service, governor, 900, MemoryLevel.EMERGENCY, 10, 0.5);
                assertThat(governor.isPaused()).isTrue();
                await().atMost(5, SECONDS).until(() -> cameraState(service, "gov-1") == CameraState.PAUSED);
                assertThat(Cameras.camera(service.context(), "gov-1").count(PAUSES)).isEqualTo(1);
                String health = get(httpPort, "/api/v1/memory/health");
                assertThat(health).contains("\"level\":\"EMERGENCY\"").contains("\"status\":\"emergency\"");
                String metrics = get(managementPort, "/metrics");
                assertThat(metrics).contains("edge_video_memory_level 3.0")
                        .contains("edge_video_camera_paused_total{camera_id=\"gov-1\"} 1.0");

                javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                java.util.Set<javax.management.ObjectName> mbeans = jmx.queryNames(new javax.management.ObjectName(
                        "org.apache.camel:type=services,name=ManagedMemoryGovernor,*"), null);
                assertThat(mbeans).as("the governor's MBean next to Camel's").hasSize(1);
                assertThat(jmx.getAttribute(mbeans.iterator().next(), "Level")).isEqualTo("EMERGENCY");

                assertRate(service, governor, 100, MemoryLevel.NORMAL, 6, CAMERA_FPS);
                assertThat(governor.isPaused()).as("resumed").isFalse();
                assertThat(cameraState(service, "gov-1")).isEqualTo(CameraState.STREAMING);
                assertThat(get(managementPort, "/metrics")).contains("edge_video_memory_level 0.0");
                assertThat(get(httpPort, "/api/v1/memory/stats")).contains("\"level\":\"NORMAL\"");
            }
        }
    }

    @Test
    void stoppingACameraReclaimsMemoryAtNormalLevel() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("gov-stop", clip.toString(), "fps", "5", "loop", "true"));
        Map<String, String> overrides = Map.of("edgevideo.memory.max-memory-mb", Long.toString(LIMIT_MB),
                "edgevideo.memory.check-interval-seconds", "0.2");
        try (Brokers brokers = new Brokers()) {
            brokers.forget("gov-stop");
            try (RunningService service = RunningService.start(routes, overrides, Map.of(MemoryProbe.BEAN, probe))) {
                MemoryGovernor governor = service.bean("memoryGovernor", MemoryGovernor.class);
                await().atMost(15, SECONDS).until(() -> Cameras.camera(service.context(), "gov-stop")
                        .sink(Sink.REDIS.id()).publishedCount() > 2);
                assertThat(governor.level()).isEqualTo(MemoryLevel.NORMAL);
                assertThat(governor.gcCount()).as("no reclaim while the camera streams at NORMAL").isZero();

                service.context().getRouteController().stopRoute("gov-stop");

                await().atMost(10, SECONDS).until(() -> governor.gcCount() == 1);
            }
        }
    }

    /** Sets the process memory, waits for the level, and checks every camera's delivered rate over a window. */
    private void assertRate(RunningService service, MemoryGovernor governor, long processMb, MemoryLevel level,
                            int windowSeconds, double expectedFps) throws InterruptedException {
        probe.process(processMb);
        await().atMost(10, SECONDS).until(() -> governor.level() == level);
        // Settled once every camera delivers the new rate over a second (a keyframe-only switch back waits for
        // the next keyframe); the window below then measures it.
        await().atMost(30, SECONDS).pollInterval(java.time.Duration.ZERO).until(
                () -> everyCameraDelivers(service, expectedFps));
        Map<String, Long> before = new HashMap<>();
        CAMERAS.forEach(id -> before.put(id,
                Cameras.camera(service.context(), id).sink(Sink.REDIS.id()).publishedCount()));
        Thread.sleep(windowSeconds * 1000L);
        for (String id : CAMERAS) {
            double fps = (Cameras.camera(service.context(), id).sink(Sink.REDIS.id()).publishedCount() - before.get(id))
                    / (double) windowSeconds;
            assertThat(fps).as("%s at %s: delivered fps", id, level)
                    .isBetween(expectedFps * 0.8, expectedFps * 1.2);
        }
    }

    /**
     * Whether every camera delivers {@code fps} over a short window: 3 s (longer than the throttle's 2 s
     * period), or two frame intervals when that is longer.
     */
    private static boolean everyCameraDelivers(RunningService service, double fps) throws InterruptedException {
        long windowMillis = Math.round(Math.max(3, 2 / fps) * 1000);
        Map<String, Long> start = new HashMap<>();
        CAMERAS.forEach(id -> start.put(id, published(service, id)));
        Thread.sleep(windowMillis);
        double expected = fps * windowMillis / 1000;
        return CAMERAS.stream().allMatch(id -> {
            long delivered = published(service, id) - start.get(id);
            return delivered >= Math.floor(expected * 0.8) && delivered <= Math.ceil(expected * 1.2);
        });
    }

    private static long published(RunningService service, String cameraId) {
        return Cameras.camera(service.context(), cameraId).sink(Sink.REDIS.id()).publishedCount();
    }

    private static CameraState cameraState(RunningService service, String cameraId) {
        return Cameras.camera(service.context(), cameraId).status().state();
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
