package dev.edgevideo.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the YAML routes of a running service. */
class HotReloadIT {

    @TempDir
    Path work;

    @Test
    void addingACameraInYamlStartsItWithoutRestartAndABrokenEditKeepsTheRunningCameras() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        try (Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.capture()) {
            brokers.forget("reload-a");
            brokers.forget("reload-b");
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("reload-a", clip.toString(), "loop", "true"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                await().atMost(15, SECONDS).until(() -> brokers.frameKeys("reload-a").size() >= 2);

                RoutesDir.append(routes, RoutesDir.camera("reload-b", clip.toString(), "loop", "true"));
                await().atMost(20, SECONDS).until(() -> brokers.frameKeys("reload-b").size() >= 2);
                assertThat(service.context().getRoute("reload-b")).isNotNull();

                int lineOfError = Files.readAllLines(routes.resolve("cameras.camel.yaml")).size() + 2;
                RoutesDir.append(routes, "- templatedRoute: [this is not yaml\n");
                await().atMost(15, SECONDS).until(() -> logs.contains("cameras.camel.yaml", "line " + lineOfError));
                int aBefore = brokers.frameKeys("reload-a").size();
                int bBefore = brokers.frameKeys("reload-b").size();
                await().atMost(10, SECONDS).until(() -> brokers.frameKeys("reload-a").size() > aBefore + 2
                                                        && brokers.frameKeys("reload-b").size() > bBefore + 2);
                assertThat(service.context().getRoutes()).extracting(r -> r.getRouteId())
                        .filteredOn(id -> id.startsWith("reload-")).containsExactlyInAnyOrder("reload-a", "reload-b");
            }
        }
    }

    @Test
    void anInvalidEditOfARunningCameraIsRejectedAndTheCameraKeepsRunning() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        try (Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.capture()) {
            brokers.forget("reload-c");
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("reload-c", clip.toString(), "loop", "true"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                await().atMost(15, SECONDS).until(() -> brokers.frameKeys("reload-c").size() >= 2);

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reload-c", clip.toString(), "loop", "true", "fps", "0"));
                await().atMost(15, SECONDS).until(() -> logs.contains("Route reload-c", "cameras.camel.yaml",
                        "the edit is rejected", "option 'fps' must be > 0"));
                int before = brokers.frameKeys("reload-c").size();
                await().atMost(10, SECONDS).until(() -> brokers.frameKeys("reload-c").size() > before + 2);
                assertThat(service.context().getRoute("reload-c")).isNotNull();
            } finally {
                brokers.forget("reload-c");
            }
        }
    }
}
