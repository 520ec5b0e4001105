package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;

/**
 * Holds a file source to real time, so a clip plays like a live camera instead of as fast as it decodes.
 * Not thread-safe: one pacer per grab thread.
 */
final class RealTimePacer {

    /**
     * Further behind than this, the pacer stops trying to catch up and re-anchors to now: a live camera would not
     * replay the frames a busy machine missed either, and catching up seconds of video would burst frames out.
     */
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * Further ahead than this, the timestamps are broken rather than far apart: with keyframe-only decoding the
     * frames handed to the pacer are a whole GOP apart, several seconds on some cameras.
     */
    private static final long MAX_LEAD_NANOS = TimeUnit.SECONDS.toNanos(30);

    private long anchorNanos;
    private long anchorStreamMicros = Long.MIN_VALUE;

    /**
     * Sleeps until the wall clock reaches the given stream time; returns how far behind real time the file had fallen
     * when the pacer gave up catching up, in microseconds (0 normally): wall time that no stream time will stand for,
     * whose frame slots go unfilled.
     */
    long awaitStreamTime(long streamMicros) throws InterruptedException {
        long now = System.nanoTime();
        if (anchorStreamMicros == Long.MIN_VALUE) {
            anchor(now, streamMicros);
            return 0;
        }
        long due = anchorNanos + (streamMicros - anchorStreamMicros) * 1000L;
        long wait = due - now;
        if (wait > MAX_LEAD_NANOS || wait < -MAX_LAG_NANOS) {
            anchor(now, streamMicros);
            return wait < 0 ? -wait / 1000 : 0;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return 0;
    }

    private void anchor(long nowNanos, long streamMicros) {
        anchorNanos = nowNanos;
        anchorStreamMicros = streamMicros;
    }
}
