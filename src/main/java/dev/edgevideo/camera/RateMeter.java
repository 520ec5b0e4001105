package dev.edgevideo.camera;

/**
 * Events per second of a monotonic counter over a sliding window of periodic samples. Sampling happens off the
 * hot path (a status thread once a second), so the frame threads only ever increment their counters.
 */
final class RateMeter {

    private final long[] counts;
    private final long[] nanos;
    private int next;
    private int size;

    /** @param samples how many samples the window spans; the rate is over the time between the oldest and newest */
    RateMeter(int samples) {
        counts = new long[samples];
        nanos = new long[samples];
    }

    synchronized void sample(long count, long nowNanos) {
        counts[next] = count;
        nanos[next] = nowNanos;
        next = (next + 1) % counts.length;
        size = Math.min(size + 1, counts.length);
    }

    /** The rate over the window; 0 until two samples were taken. */
    synchronized double perSecond() {
        if (size < 2) {
            return 0;
        }
        int newest = (next - 1 + counts.length) % counts.length;
        int oldest = size < counts.length ? 0 : next;
        long elapsed = nanos[newest] - nanos[oldest];
        return elapsed <= 0 ? 0 : (counts[newest] - counts[oldest]) * 1e9 / elapsed;
    }
}
