package dev.edgevideo.pipeline;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One camera, one registry entry: it lives as long as the camera is in the YAML, and every reader follows it. */
class CameraRegistryIT {

    @TempDir
    Path work;

    @Test
    void aCameraDeletedFromTheYamlLeavesNoMetricApiEntryMBeanOrHealthCheckWhileTheOthersKeepTheirRate()
            throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        String stay = RoutesDir.camera("reg-stay", clip.toString(), "loop", "true", "fps", "2");
        try (Brokers brokers = new Brokers()) {
            brokers.forget("reg-stay");
            brokers.forget("reg-gone");
            Path routes = RoutesDir.withCameras(work.resolve("routes"), stay,
                    RoutesDir.camera("reg-gone", clip.toString(), "loop", "true", "fps", "2"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                String api = "http://127.0.0.1:" + service.httpPort();
                String management = "http://127.0.0.1:" + service.managementPort();
                CameraRuntime kept = Cameras.camera(service.context(), "reg-stay");
                await().atMost(15, SECONDS).until(() -> Cameras.camera(service.context(), "reg-gone")
                        .count(DELIVERED) >= 2 && kept.count(DELIVERED) >= 2);
                assertThat(Http.get(management + "/metrics").body()).contains("camera_id=\"reg-gone\"");
                assertThat(cameraMBeans("reg-gone")).isNotEmpty();
                assertThat(health(management)).contains("reg-gone");

                Files.writeString(routes.resolve("cameras.camel.yaml"), stay);
                long deletedAt = System.nanoTime();
                long keptBefore = kept.count(DELIVERED);
                await().atMost(10, SECONDS).untilAsserted(() -> {
                    assertThat(service.context().getComponent("camera", dev.edgevideo.camera.CameraComponent.class)
                            .getRegistry().find("reg-gone")).as("registry entry").isEmpty();
                    assertThat(Http.get(api + "/api/v1/cameras/reg-gone").statusCode()).isEqualTo(404);
                    assertThat(Http.get(api + "/api/v1/cameras").body()).doesNotContain("reg-gone");
                    assertThat(metricLinesNaming(Http.get(management + "/metrics").body(), "reg-gone"))
                            .as("metric series naming the deleted camera").isEmpty();
                    assertThat(cameraMBeans("reg-gone")).as("MBeans naming the deleted camera").isEmpty();
                    assertThat(health(management)).as("health checks").doesNotContain("reg-gone");
                });
                double seconds = (System.nanoTime() - deletedAt) / 1e9;
                System.out.printf("REGISTRY reg-gone gone everywhere %.1f s after its deletion%n", seconds);
                await().atMost(5, SECONDS).until(() -> kept.count(DELIVERED) >= keptBefore + 4);
                assertThat(Cameras.camera(service.context(), "reg-stay")).as("the same entry").isSameAs(kept);
            } finally {
                brokers.forget("reg-stay");
                brokers.forget("reg-gone");
            }
        }
    }

    @Test
    void aYamlEditThatRestartsACameraKeepsItsCountersMonotonic() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        try (Brokers brokers = new Brokers()) {
            brokers.forget("reg-edit");
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("reg-edit", clip.toString(), "loop", "true", "fps", "2"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                CameraRuntime camera = Cameras.camera(service.context(), "reg-edit");
                await().atMost(15, SECONDS).until(() -> camera.count(CAPTURED) >= 4);
                long before = camera.count(CAPTURED);

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reg-edit", clip.toString(), "loop", "true", "fps", "4"));
                await().atMost(15, SECONDS).until(() -> camera.targetFps() == 4.0);
                await().atMost(10, SECONDS).until(() -> camera.count(CAPTURED) >= before + 8);
                assertThat(Cameras.camera(service.context(), "reg-edit")).as("the same entry, counters kept")
                        .isSameAs(camera);
            } finally {
                brokers.forget("reg-edit");
            }
        }
    }

    private static String health(String management) throws Exception {
        return Http.get(management + "/observe/health?exposureLevel=full&data=true").body();
    }

    private static Set<ObjectName> cameraMBeans(String cameraId) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(null, null).stream()
                .filter(name -> name.toString().contains(cameraId))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static java.util.List<String> metricLinesNaming(String scrape, String cameraId) {
        return scrape.lines().filter(line -> !line.startsWith("#") && line.contains(cameraId)).toList();
    }
}
