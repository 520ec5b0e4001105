package dev.edgevideo.camera;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.camera.ffmpeg.CaptureException;

/**
 * Judges a live session by its frames, where FFmpeg's socket timeouts cannot: a source that keeps the
 * connection busy without producing a frame for {@code readTimeout}, and a source delivering far more frames
 * than the rate it declares (a broken restream replaying its buffer, costing a core to decode). Either fails
 * the session, which counts for the camera's circuit breaker. Not thread-safe: one per session.
 */
final class StreamWatchdog {

    /** A stream faster than this many times its declared rate is broken, not merely jittery. */
    static final double FLOOD_FACTOR = 4;
    /** Rates are measured over windows this long, so bursts after a stall do not count as floods. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final long readTimeoutNanos;
    private final double declaredFps;
    private long lastFrameNanos;
    private long windowStartNanos;
    private long windowFrames;

    /**
     * @param readTimeout the longest gap between frames
     * @param declaredFps the rate the source declares; 0 or less when it declares none (no flood check)
     * @param nowNanos    when the session opened, on {@link System#nanoTime()}
     */
    StreamWatchdog(Duration readTimeout, double declaredFps, long nowNanos) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.declaredFps = declaredFps;
        this.lastFrameNanos = nowNanos;
        this.windowStartNanos = nowNanos;
    }

    /** Records a decoded frame; fails the session when the stream stalled or floods. */
    void onFrame(long nowNanos) throws CaptureException {
        long gap = nowNanos - lastFrameNanos;
        lastFrameNanos = nowNanos;
        if (gap > readTimeoutNanos) {
            throw new CaptureException("no frame for " + TimeUnit.NANOSECONDS.toMillis(gap) + " ms (readTimeout "
                                       + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms): stream stalled");
        }
        windowFrames++;
        long elapsed = nowNanos - windowStartNanos;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        double fps = windowFrames * 1e9 / elapsed;
        windowStartNanos = nowNanos;
        windowFrames = 0;
        if (declaredFps > 0 && fps > declaredFps * FLOOD_FACTOR) {
            throw new CaptureException(String.format(Locale.ROOT, "stream delivers %.0f fps but declares"
                                       + " %.1f fps: a broken restream; reconnecting", fps, declaredFps));
        }
    }
}
