package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;

/**
 * The frame slots between a camera's previous session's last frame and its new session's, which the books owe the
 * source (a reconnect, a source that ended). Not simply the wall time between the two frames: on opening a live
 * stream FFmpeg reads frames while it probes it and hands them over in a burst, each with its own time, and those fill
 * their own slots. So the gap is booked once the start-up burst is over, less the time the burst ran ahead of real
 * time. Not thread-safe: one per session, on the grab thread.
 */
final class SessionGap {

    /** The burst is over well within this; the first window of the sampling clock is not judged for the same reason. */
    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final long previousFillNanos;
    private long firstWallNanos = Long.MIN_VALUE;
    private long firstStreamMicros;
    private long maxLeadNanos;
    private boolean booked;

    /** @param previousFillNanos when the camera's last slot was filled ({@link System#nanoTime()}), 0 for none */
    SessionGap(long previousFillNanos) {
        this.previousFillNanos = previousFillNanos;
        this.booked = previousFillNanos == 0;
    }

    /** A slot this session filled; returns the slots to book as missed now: the gap, just once, after the burst. */
    long onSlot(long samplingMicros, long nowNanos, long intervalMicros) {
        if (booked) {
            return 0;
        }
        if (firstWallNanos == Long.MIN_VALUE) {
            firstWallNanos = nowNanos;
            firstStreamMicros = samplingMicros;
        }
        long lead = (samplingMicros - firstStreamMicros) * 1000 - (nowNanos - firstWallNanos);
        maxLeadNanos = Math.max(maxLeadNanos, lead);
        return nowNanos - firstWallNanos >= SETTLE_NANOS ? book(intervalMicros) : 0;
    }

    /** The session ended: the slots still owed, 0 when already booked. */
    long onEnd(long intervalMicros) {
        return booked || firstWallNanos == Long.MIN_VALUE ? 0 : book(intervalMicros);
    }

    private long book(long intervalMicros) {
        booked = true;
        long gapNanos = firstWallNanos - previousFillNanos - maxLeadNanos;
        return Math.max(0, gapNanos / 1000 / intervalMicros - 1);
    }
}
