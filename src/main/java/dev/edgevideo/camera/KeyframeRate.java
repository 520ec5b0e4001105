package dev.edgevideo.camera;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measures how often a stream carries keyframes, from the stream timestamps of the keyframes it decodes.
 * Takes the longest of the last few keyframe intervals, so a camera that adds the odd extra keyframe on a scene
 * change is not mistaken for one with short GOPs. Not thread-safe: one per grab thread.
 */
final class KeyframeRate {

    private static final int WINDOW = 4;

    private final Deque<Long> intervals = new ArrayDeque<>(WINDOW);
    private long lastKeyframeMicros = Long.MIN_VALUE;

    void observe(long timestampMicros, boolean keyFrame) {
        if (!keyFrame) {
            return;
        }
        if (lastKeyframeMicros != Long.MIN_VALUE && timestampMicros > lastKeyframeMicros) {
            if (intervals.size() == WINDOW) {
                intervals.removeFirst();
            }
            intervals.addLast(timestampMicros - lastKeyframeMicros);
        }
        lastKeyframeMicros = timestampMicros;
    }

    /** Keyframes per second, NaN until two keyframes were seen. */
    double fps() {
        long longest = longestInterval();
        return longest == 0 ? Double.NaN : 1_000_000d / longest;
    }

    /**
     * When the next keyframe is due at the latest, on the stream clock; {@link Long#MIN_VALUE} while unknown.
     * The longest recent interval, so an early keyframe never makes a sample be skipped.
     */
    long nextKeyframeMicros() {
        long longest = longestInterval();
        return longest == 0 ? Long.MIN_VALUE : lastKeyframeMicros + longest;
    }

    private long longestInterval() {
        long longest = 0;
        for (long interval : intervals) {
            longest = Math.max(longest, interval);
        }
        return longest;
    }

    void reset() {
        intervals.clear();
        lastKeyframeMicros = Long.MIN_VALUE;
    }
}
