package dev.edgevideo.workarounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.testing.BrokenCamera;
import dev.edgevideo.testing.TestClips;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary for the JavaCV 1.5.13 behaviour {@code FfmpegCapture} works around by calling {@code startUnsafe} and
 * {@code releaseUnsafe}: {@code FFmpegFrameGrabber.start()} holds a lock shared by every grabber while it opens its
 * source (https://github.com/bytedeco/javacv/issues/1698), so a grabber waiting on a silent camera holds up the
 * start of any other. Fails the day JavaCV drops that lock, and the workaround can go.
 */
class JavaCvWorkaroundsCanaryTest {

    @TempDir
    Path work;

    @Test
    void grabberStartWaitsForAnotherGrabberOpeningASilentSource() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 160, 120, 10, 1, 10);
        try (BrokenCamera silent = new BrokenCamera(BrokenCamera.Behaviour.SILENT);
             FFmpegFrameGrabber stuck = new FFmpegFrameGrabber(silent.url());
             FFmpegFrameGrabber file = new FFmpegFrameGrabber(clip.toString())) {
            stuck.setOption("timeout", "3000000");
            stuck.setOption("rw_timeout", "3000000");
            CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
                try {
                    stuck.start();
                } catch (FFmpegFrameGrabber.Exception e) {
                    // the silent source times out, as intended
                }
            });
            // From the silent camera's accept on, the other grabber is inside start(), holding the lock.
            await().atMost(5, TimeUnit.SECONDS).until(() -> silent.acceptedConnections() > 0);
            long started = System.nanoTime();
            file.start();
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            opening.get(10, TimeUnit.SECONDS);
            assertThat(waitedMillis).as("ms a file grabber's start() waited for the silent one's").isGreaterThan(1_000);
        }
    }
}
