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
import org.apache.camel.Consumer;
import org.apache.camel.Route;
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
                assertThat(logs.lines()).as("where the HTTP servers listen: said at start-up, not again on a reload")
                        .filteredOn(line -> line.contains("HttpServersCheck") && line.contains(" on http://"))
                        .hasSize(2);

                int lineOfError = Files.readAllLines(routes.resolve("cameras.camel.yaml")).size() + 2;
                RoutesDir.append(routes, "- templatedRoute: [this is not yaml\n");
                await().atMost(15, SECONDS).until(() -> logs.contains("cameras.camel.yaml", "line " + lineOfError));
                int aBefore = brokers.frameKeys("reload-a").size();
                int bBefore = brokers.frameKeys("reload-b").size();
                await().atMost(10, SECONDS).until(() -> brokers.frameKeys("reload-a").size() > aBefore + 2
                                                        && brokers.frameKeys("reload-b").size() > bBefore + 2);
                assertThat(service.context().getRoutes()).extracting(r -> r.getRouteId())
                        .filteredOn(id -> id.startsWith("reload-")).containsExactlyInAnyOrder("reload-a", "reload-b");
                assertThat(logs.lines()).as("the service's one line, not Camel's stack trace as well")
                        .noneMatch(line -> line.contains("Error reloading routes") || line.startsWith("\tat "));
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
                Route running = service.context().getRoute("reload-c");
                Consumer capturing = running.getConsumer();

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reload-c", clip.toString(), "loop", "true", "fps", "0"));
                await().atMost(15, SECONDS).until(() -> logs.contains("Route reload-c", "cameras.camel.yaml",
                        "the edit is rejected", "option 'fps' must be > 0"));

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reload-c", clip.toString(), "loop", "true", "fps", "abc"));
                await().atMost(15, SECONDS).until(() -> logs.contains("Route reload-c", "the edit is rejected",
                        "camera reload-c: fps = 'abc' is not valid: expected a number: target output rate in frames"
                        + " per second (may be below 1), e.g. 2"));
                assertThat(logs.lines()).filteredOn(line -> line.contains("fps = 'abc'"))
                        .allMatch(line -> !line.contains("Failed to create route")
                                          && !line.contains("For input string"),
                                "the option's own line, not Camel's");

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reload-c", clip.toString(), "loop", "true", "fsp", "2"));
                await().atMost(15, SECONDS).until(() -> logs.contains("Route reload-c", "the edit is rejected",
                        "unknown parameter(s) [fsp]", "did you mean fps?"));

                Files.writeString(routes.resolve("cameras.camel.yaml"),
                        RoutesDir.camera("reload-c", clip.toString(), "loop", "true", "exchange", "{{no.such.key}}"));
                await().atMost(15, SECONDS).until(() -> logs.contains("Route reload-c", "the edit is rejected",
                        "its sink spring-rabbitmq:{{exchange}} cannot be resolved", "no.such.key"));
                int before = brokers.frameKeys("reload-c").size();
                await().atMost(10, SECONDS).until(() -> brokers.frameKeys("reload-c").size() > before + 2);
                assertThat(service.context().getRoute("reload-c")).as("never stopped and re-created").isSameAs(running);
                assertThat(running.getConsumer()).isSameAs(capturing);
                assertThat(service.context().getRouteController().getRouteStatus("reload-c").isStarted()).isTrue();
                assertThat(logs.lines()).as("each save truncates the file first: no 'Resource is empty' trace")
                        .noneMatch(line -> line.contains("Resource is empty")
                                           || line.contains("Error reloading routes"));
            } finally {
                brokers.forget("reload-c");
            }
        }
    }

    @Test
    void anEditThatFailsTheCameraChecksIsRefusedInOneLineAndTheRunningCameraStays() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        String running = RoutesDir.camera("tls-reload", clip.toString(), "loop", "true");
        Map<String, String> badEntries = Map.of(
                RoutesDir.camera("tls-reload", clip.toString()), "camera id 'tls-reload' is declared twice",
                RoutesDir.camera("tls reload", clip.toString()), "camera id 'tls reload' in ",
                RoutesDir.camera("tls-reload-udp", "udp://127.0.0.1:5000"), "url scheme 'udp' is not supported",
                RoutesDir.camera("tls-reload-gone", work.resolve("gone.mp4").toString()), "gone.mp4 does not exist",
                """
                - templatedRoute:
                    routeTemplateRef: camera-pipeline
                    routeId: tls-reload-nourl
                    parameters:
                      - name: cameraId
                        value: tls-reload-nourl
                """, "camera tls-reload-nourl in ");
        try (Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.capture()) {
            Path routes = RoutesDir.withCameras(work.resolve("routes"), running);
            try (RunningService service = RunningService.start(routes, Map.of())) {
                await().atMost(15, SECONDS).until(() -> brokers.frameKeys("tls-reload").size() >= 2);
                for (Map.Entry<String, String> bad : badEntries.entrySet()) {
                    Files.writeString(routes.resolve("cameras.camel.yaml"), running + "\n" + bad.getKey());
                    await().atMost(15, SECONDS).until(() -> logs.contains("cameras.camel.yaml: the edit is refused,"
                            + " the running cameras are kept", bad.getValue()));
                }
                int before = brokers.frameKeys("tls-reload").size();
                await().atMost(10, SECONDS).until(() -> brokers.frameKeys("tls-reload").size() > before + 2);
                assertThat(service.context().getRoutes()).extracting(r -> r.getRouteId())
                        .filteredOn(id -> id.startsWith("tls")).containsExactly("tls-reload");
                assertThat(logs.lines()).filteredOn(line -> line.contains("the edit is refused"))
                        .allMatch(line -> !line.contains(" | "), "no stack trace");
                assertThat(logs.lines()).noneMatch(line -> line.contains("Reloaded") && line.contains("tls-reload"));
            } finally {
                brokers.forget("tls-reload");
            }
        }
    }

    @Test
    void aCamerasFileOfCommentsOnlyMeansNoCamerasAtStartAndOnReloadWhileZeroBytesIsASaveInProgress() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        String commentsOnly = "# every camera commented out for now\n#- templatedRoute:\n#    routeId: reload-d\n";
        try (Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.capture()) {
            brokers.forget("reload-d");
            Path routes = RoutesDir.withCameras(work.resolve("routes"), commentsOnly);
            try (RunningService service = RunningService.start(routes, Map.of())) {
                assertThat(service.context().getRoutes()).extracting(route -> route.getEndpoint().getEndpointUri())
                        .noneMatch(uri -> uri.startsWith("camera:"));

                RoutesDir.rewriteCameras(routes, RoutesDir.camera("reload-d", clip.toString(), "loop", "true"));
                await().atMost(20, SECONDS).until(() -> brokers.frameKeys("reload-d").size() >= 2);
                Route running = service.context().getRoute("reload-d");

                // What an editor leaves for an instant when it truncates the file before writing it.
                Files.write(routes.resolve("cameras.camel.yaml"), new byte[0]);
                await().during(3, SECONDS).atMost(5, SECONDS)
                        .until(() -> service.context().getRoute("reload-d") == running);

                RoutesDir.rewriteCameras(routes, commentsOnly);
                await().atMost(15, SECONDS).until(() -> logs.contains("Reloaded", "removed [reload-d]"));
                assertThat(service.context().getRoute("reload-d")).isNull();
                assertThat(logs.lines()).as("comments only is no cameras, not an error")
                        .noneMatch(line -> line.contains("has an error") || line.contains("Unable to parse")
                                           || line.contains("Resource is empty") || line.contains("Error reloading"));
            } finally {
                brokers.forget("reload-d");
            }
        }
    }
}
