package dev.edgevideo.camera;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;

/**
 * Measures how often a stream carries keyframes, from the stream timestamps of the keyframe packets it reads
 * (decoded or not). Takes the longest of the last few keyframe intervals, so a camera that adds the odd extra
 * keyframe on a scene change is not mistaken for one with short GOPs, and tells whether the GOP is regular enough
 * to predict the next keyframe. Not thread-safe: one per grab thread.
 */
final class KeyframeRate {

    private static final int WINDOW = 4;
    /**
     * Intervals that differ by less than this are the same GOP: two frames at 25 fps (timestamp rounding, 29.97 fps
     * clocks), not a scene cut.
     */
    private static final long REGULAR_SPREAD_MICROS = 80_000;

    private final Deque<Long> intervals = new ArrayDeque<>(WINDOW);
    private long lastKeyframeMicros = Long.MIN_VALUE;

    /** A keyframe at this stream time. */
    void observe(long timestampMicros) {
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

    /**
     * Whether the last {@value #WINDOW} keyframe intervals are all the same GOP length: only then is the next
     * keyframe's time a promise (an encoder with scene-cut detection places keyframes where the picture cuts).
     */
    boolean isRegular() {
        return isKnown() && longestInterval() - Collections.min(intervals) <= REGULAR_SPREAD_MICROS;
    }

    /** Whether {@value #WINDOW} keyframe intervals were seen: enough to tell a regular GOP. */
    boolean isKnown() {
        return intervals.size() == WINDOW;
    }

    private long longestInterval() {
        return intervals.isEmpty() ? 0 : Collections.max(intervals);
    }
}
