package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;

/**
 * Holds a file source to real time, so a clip plays like a live camera instead of as fast as it decodes.
 * Not thread-safe: one pacer per grab thread.
 */
final class RealTimePacer {

    /** Further behind than this, the pacer stops trying to catch up and re-anchors to now. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(2);

    private long anchorNanos;
    private long anchorStreamMicros = Long.MIN_VALUE;

    /** Sleeps until the wall clock reaches the given stream time. */
    void awaitStreamTime(long streamMicros) throws InterruptedException {
        long now = System.nanoTime();
        if (anchorStreamMicros == Long.MIN_VALUE) {
            anchor(now, streamMicros);
            return;
        }
        long due = anchorNanos + (streamMicros - anchorStreamMicros) * 1000L;
        long wait = due - now;
        if (wait > MAX_LAG_NANOS || wait < -MAX_LAG_NANOS) {
            anchor(now, streamMicros);
        } else if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private void anchor(long nowNanos, long streamMicros) {
        anchorNanos = nowNanos;
        anchorStreamMicros = streamMicros;
    }
}
