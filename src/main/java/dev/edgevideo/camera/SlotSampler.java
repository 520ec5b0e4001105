package dev.edgevideo.camera;

/**
 * Picks which pictures fill a camera's frame slots: a grid of slots at the target rate on the sampling clock, each
 * filled by the first picture no more than one source-frame interval (and half a slot) before its time. A kept
 * picture therefore sits within one source-frame interval of its ideal slot, the average rate is exact, and a gap
 * in the stream never turns into a catch-up burst: the slots it spanned are reported as missed instead, so every
 * slot the target asked for is either filled or counted.
 * Not thread-safe: one sampler per grab thread.
 */
final class SlotSampler {

    /** {@link #offer} for a picture that fills no slot. */
    static final long NOT_TAKEN = -1;
    private static final long UNSET = Long.MIN_VALUE;
    /**
     * A picture a hair before its slot (timestamp rounding, 29.97 fps clocks) still fills it: otherwise a source
     * whose frames (or keyframes) fall exactly on the slots would lose every other one to rounding.
     */
    private static final long SLOT_TOLERANCE_DIVISOR = 100;

    private final long sourceFrameMicros;
    private long nextSlotMicros = UNSET;
    private long lastTimestampMicros = UNSET;
    private long lastSlotMicros = UNSET;

    /**
     * @param sourceFrameMicros the source's frame interval: a picture up to that much (and half a slot) before a slot
     *                          fills it, so the nearest picture takes a slot rather than the first one after it,
     *                          and a variable-rate source whose frames straddle a slot does not leave it empty
     */
    SlotSampler(long sourceFrameMicros) {
        this.sourceFrameMicros = sourceFrameMicros;
    }

    /**
     * Offers one picture.
     *
     * @param timestampMicros the picture's time on the sampling clock
     * @param intervalMicros  the slot spacing ({@link #intervalMicros(double)}); 0 fills a slot with every picture
     * @return {@link #NOT_TAKEN}, or the number of slots before this picture's own that nothing filled
     */
    long offer(long timestampMicros, long intervalMicros) {
        boolean clockJumpedBack = lastTimestampMicros != UNSET && timestampMicros < lastTimestampMicros;
        lastTimestampMicros = timestampMicros;
        if (nextSlotMicros == UNSET || clockJumpedBack || intervalMicros == 0) {
            // The first picture (or one after a clock reset) anchors the grid: nothing before it was asked for.
            return fill(timestampMicros, intervalMicros, 0);
        }
        long early = early(intervalMicros);
        if (timestampMicros < nextSlotMicros - early) {
            return NOT_TAKEN;
        }
        long missed = Math.max(0, (timestampMicros + early - nextSlotMicros) / intervalMicros);
        return fill(nextSlotMicros + missed * intervalMicros, intervalMicros, missed);
    }

    /** How long before its slot a picture still fills it. */
    private long early(long intervalMicros) {
        return Math.max(intervalMicros / SLOT_TOLERANCE_DIVISOR, Math.min(intervalMicros / 2, sourceFrameMicros));
    }

    /**
     * The earliest time of a picture that fills the next slot: no picture before it is taken. {@link Long#MIN_VALUE}
     * before the first picture, or when every picture fills a slot.
     */
    long earliestTakenMicros(long intervalMicros) {
        return nextSlotMicros == UNSET || intervalMicros == 0 ? UNSET : nextSlotMicros - early(intervalMicros);
    }

    private long fill(long slotMicros, long intervalMicros, long missed) {
        lastSlotMicros = slotMicros;
        nextSlotMicros = slotMicros + intervalMicros;
        return missed;
    }

    /** The ideal time of the slot the last taken picture filled, {@link Long#MIN_VALUE} before the first. */
    long lastSlotMicros() {
        return lastSlotMicros;
    }

    /** Time of the next slot to fill, {@link Long#MIN_VALUE} before the first picture. */
    long nextSlotMicros() {
        return nextSlotMicros;
    }

    static long intervalMicros(double fps) {
        return fps <= 0 ? 0 : Math.round(1_000_000d / fps);
    }
}
