package dev.edgevideo.camera;

/**
 * Tells a frozen picture: the same bit-exact picture (by its hash) for at least {@code frozenAfter} of stream
 * time while frames keep arriving. A real sensor's noise changes some pixel of every picture; only a stuck
 * encoder, a frozen restreamer or a perfectly still synthetic source repeats one exactly. The first different
 * picture ends it. Not thread-safe: the grab thread's.
 */
final class FrozenDetector {

    private final long frozenAfterMicros;
    private long hash;
    private long sameSinceMicros = Long.MIN_VALUE;
    private boolean frozen;

    /** @param frozenAfterMillis 0 turns the detection off */
    FrozenDetector(long frozenAfterMillis) {
        this.frozenAfterMicros = frozenAfterMillis * 1000;
    }

    /** Observes one picture; returns whether the camera is frozen now. */
    boolean observe(long pictureHash, long timestampMicros) {
        if (frozenAfterMicros == 0) {
            return false;
        }
        if (sameSinceMicros == Long.MIN_VALUE || pictureHash != hash) {
            hash = pictureHash;
            sameSinceMicros = timestampMicros;
            frozen = false;
        } else if (timestampMicros - sameSinceMicros >= frozenAfterMicros) {
            frozen = true;
        }
        return frozen;
    }
}
