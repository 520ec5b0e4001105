package dev.edgevideo.operations;

import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.Chromium;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real headless Chromium ({@link Chromium}), with two cameras playing the bundled demo clip as
 * the demo cameras do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageIT {

    private static final Pattern TILE = Pattern.compile(
            "<article class=\"tile\" data-camera=\"([^\"]+)\"><img [^>]*?data-loaded=\"true\""
            + " data-natural-width=\"(\\d+)\".*?<span class=\"frames\">(\\d+) frames</span>");

    @TempDir
    static Path work;

    private final int serverPort = FreePorts.next();
    private RunningService service;

    @BeforeAll
    void startService() throws Exception {
        String clip = RunningService.home().resolve("samples/demo-720p.mp4").toString();
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("ops-page1", clip, "loop", "true", "fps", "2"),
                RoutesDir.camera("ops-page2", clip, "loop", "true", "fps", "1", "width", "640"),
                // Nothing listens there: a camera that never has a frame.
                RoutesDir.camera("ops-page3", "rtsp://127.0.0.1:" + FreePorts.next() + "/none"));
        service = RunningService.start(routes, FreePorts.httpServers(serverPort, FreePorts.next()));
        CameraComponent cameras = service.context().getComponent("camera", CameraComponent.class);
        await().atMost(20, SECONDS).until(() -> Cameras.camera(cameras, "ops-page1").count(DELIVERED) > 0
                                                && Cameras.camera(cameras, "ops-page2").count(DELIVERED) > 0);
    }

    @AfterAll
    void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void pageShowsALiveTilePerCameraWhoseNumbersMove() throws Exception {
        Map<String, Long> firstLook = tiles(Chromium.dom(page()));
        assertThat(firstLook).containsOnlyKeys("ops-page1", "ops-page2");
        await().atMost(20, SECONDS).untilAsserted(() -> {
            Map<String, Long> secondLook = tiles(Chromium.dom(page()));
            assertThat(secondLook.get("ops-page1")).isGreaterThan(firstLook.get("ops-page1"));
            assertThat(secondLook.get("ops-page2")).isGreaterThan(firstLook.get("ops-page2"));
        });
        Path screenshot = RunningService.home().resolve("target/status-page.png");
        Chromium.run("--screenshot=" + screenshot, "--window-size=1280,720", "--virtual-time-budget=4000", page());
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    void aCameraWithoutAFrameShowsAPlaceholderNotABrokenImageAndASingleInstanceNamesNoNode() throws Exception {
        String dom = Chromium.dom(page());
        assertThat(dom).containsPattern(
                "<article class=\"tile\" data-camera=\"ops-page3\"><img alt=\"[^\"]*\" hidden=\"\">"
                + "<div class=\"placeholder\">no frame yet</div>");
        assertThat(dom).as("the cluster is off: no node in the header")
                .contains("<span id=\"node\" class=\"muted\"></span>");
    }

    private String page() {
        return "http://127.0.0.1:" + serverPort + "/";
    }

    /** Camera id to its frame count, for every tile whose snapshot image loaded. */
    private static Map<String, Long> tiles(String dom) {
        Map<String, Long> tiles = new TreeMap<>();
        Matcher tile = TILE.matcher(dom);
        while (tile.find()) {
            assertThat(Integer.parseInt(tile.group(2))).as("snapshot width of " + tile.group(1)).isPositive();
            tiles.put(tile.group(1), Long.parseLong(tile.group(3)));
        }
        assertThat(tiles).as("tiles with a loaded snapshot in\n" + dom).hasSize(2);
        return tiles;
    }
}
