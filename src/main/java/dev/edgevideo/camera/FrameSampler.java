package dev.edgevideo.camera;

/**
 * Picks which decoded frames to keep so that kept frames follow a target rate on the stream's own clock.
 * <p>
 * Uses the stream timestamps, not the wall clock, so a burst of late packets does not turn into a burst of
 * frames, and the average rate is exact (the next slot advances by one interval from the previous slot, not
 * from the frame that happened to fill it). Not thread-safe: one sampler per grab thread.
 */
public final class FrameSampler {

    private static final long UNSET = Long.MIN_VALUE;
    private static final long SLOT_TOLERANCE_DIVISOR = 100;

    private long nextSlotMicros = UNSET;
    private long lastTimestampMicros = UNSET;

    /**
     * Decides whether the frame with this stream timestamp is kept.
     *
     * @param timestampMicros the frame's presentation time on the stream clock
     * @param intervalMicros  the wanted spacing between kept frames (1e6 / fps); 0 keeps every frame
     */
    public boolean accept(long timestampMicros, long intervalMicros) {
        boolean clockJumpedBack = lastTimestampMicros != UNSET && timestampMicros < lastTimestampMicros;
        lastTimestampMicros = timestampMicros;
        if (nextSlotMicros == UNSET || clockJumpedBack) {
            nextSlotMicros = timestampMicros + intervalMicros;
            return true;
        }
        // A frame a hair before its slot (timestamp rounding, 29.97 fps clocks) still takes it: otherwise a source
        // whose frames (or keyframes) fall exactly on the slots would lose every other one to rounding.
        if (timestampMicros < nextSlotMicros - intervalMicros / SLOT_TOLERANCE_DIVISOR) {
            return false;
        }
        nextSlotMicros += intervalMicros;
        if (nextSlotMicros <= timestampMicros) {
            // A gap in the stream (or a rate change): start counting again from this frame instead of
            // letting the following frames through back to back to "catch up".
            nextSlotMicros = timestampMicros + intervalMicros;
        }
        return true;
    }

    /** Stream time from which the next frame is kept, {@link Long#MIN_VALUE} before the first frame. */
    public long nextSlotMicros() {
        return nextSlotMicros;
    }

    /** Forgets the stream position, e.g. after a reconnect, so the next frame is kept. */
    public void reset() {
        nextSlotMicros = UNSET;
        lastTimestampMicros = UNSET;
    }

    /** Converts a rate in frames per second to the interval {@link #accept} takes. */
    public static long intervalMicros(double fps) {
        return fps <= 0 ? 0 : Math.round(1_000_000d / fps);
    }
}
