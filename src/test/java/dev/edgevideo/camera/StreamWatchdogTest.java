package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.camera.ffmpeg.CaptureException;
import org.junit.jupiter.api.Test;

/** The watchdog on a clock the test moves: stalls and floods fail the session, a healthy stream does not. */
class StreamWatchdogTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aStreamAtItsDeclaredRatePasses() {
        StreamWatchdog watchdog = new StreamWatchdog(Duration.ofSeconds(1), 25, 0);
        assertThatCode(() -> {
            for (long i = 1; i <= 25 * 20; i++) {
                watchdog.onFrame(i * 40 * MS);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void noFrameForReadTimeoutIsAStall() throws CaptureException {
        StreamWatchdog watchdog = new StreamWatchdog(Duration.ofSeconds(1), 25, 0);
        watchdog.onFrame(500 * MS);
        assertThatThrownBy(() -> watchdog.onFrame(1600 * MS)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("no frame for 1100 ms (readTimeout 1000 ms)");
    }

    @Test
    void farMoreFramesThanDeclaredIsABrokenRestream() {
        StreamWatchdog watchdog = new StreamWatchdog(Duration.ofSeconds(1), 5, 0);
        assertThatThrownBy(() -> {
            for (long i = 1; i <= 1000; i++) {
                watchdog.onFrame(i * 10 * MS); // 100 fps from a source declaring 5
            }
        }).isInstanceOf(CaptureException.class).hasMessageContaining("declares 5.0 fps: a broken restream");
    }

    @Test
    void aSourceDeclaringNoRateIsNeverFlagged() {
        StreamWatchdog watchdog = new StreamWatchdog(Duration.ofSeconds(1), 0, 0);
        assertThatCode(() -> {
            for (long i = 1; i <= 1000; i++) {
                watchdog.onFrame(i * 10 * MS);
            }
        }).doesNotThrowAnyException();
    }
}
