package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;

/**
 * The clock a camera samples on: the stream's timestamps while they track real time, the frames' arrival time once
 * they do not. Sources without real timestamps get made-up ones (FFmpeg's MJPEG-over-HTTP demuxer assumes 25 fps,
 * so a 10 fps camera's stream time runs at 0.4 times real time and sampling at 2 fps on it keeps 0.8 frames a
 * second); RTSP cameras with broken clocks jump. Files are held to real time by the {@link RealTimePacer}, so
 * their stream clock is right by construction and never questioned.
 * <p>
 * The check compares stream-time advance with wall-time advance over each {@link #WINDOW_NANOS} window, from the
 * end of a first window that is not judged: on connecting FFmpeg returns the frames it buffered while probing the
 * stream in one burst (2.3 s of stream within a few milliseconds from GStreamer's RTSP server, which made a first
 * window of a right clock read 1.82). One window off by more than {@link #TOLERANCE} switches the session to
 * arrival time for good (a clock that was wrong once cannot be trusted to stay right). The arrival clock continues
 * from the stream time at the switch, so the sampler sees no jump. Not thread-safe: one per grab thread and session.
 */
final class SamplingClock {

    /** Long enough to average out jitter, short enough to correct in seconds. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Stream time may run this much faster or slower than real time, as a fraction of it. */
    static final double TOLERANCE = 0.25;

    private final boolean trustStream;
    private long windowStartNanos = Long.MIN_VALUE;
    /** Whether the window running now is the first, the start-up burst's, which is not judged. */
    private boolean warmingUp = true;
    private long windowStartStreamMicros;
    private boolean arrival;
    /** Where the arrival clock starts: the first frame it times, whose time it keeps. */
    private long arrivalBaseNanos = Long.MIN_VALUE;
    private long arrivalBaseMicros;
    private double lastRatio = 1;

    /** @param trustStream whether the stream clock is right by construction (a paced file): then no check */
    SamplingClock(boolean trustStream) {
        this.trustStream = trustStream;
    }

    /** The time to sample a frame at, in microseconds; {@code nowNanos}: its arrival ({@link System#nanoTime()}). */
    long sampleTime(long streamMicros, long nowNanos) {
        if (!arrival && !trustStream) {
            judge(streamMicros, nowNanos);
        }
        if (!arrival) {
            return streamMicros;
        }
        if (arrivalBaseNanos == Long.MIN_VALUE) {
            arrivalBaseNanos = nowNanos;
            arrivalBaseMicros = streamMicros;
        }
        return arrivalBaseMicros + (nowNanos - arrivalBaseNanos) / 1000;
    }

    /** At the end of each window but the first: whether the stream clock kept to real time. */
    private void judge(long streamMicros, long nowNanos) {
        if (windowStartNanos != Long.MIN_VALUE) {
            long wallNanos = nowNanos - windowStartNanos;
            if (wallNanos < WINDOW_NANOS) {
                return;
            }
            if (!warmingUp) {
                lastRatio = (streamMicros - windowStartStreamMicros) * 1000d / wallNanos;
                arrival = Math.abs(lastRatio - 1) > TOLERANCE;
            }
            warmingUp = false;
        }
        windowStartNanos = nowNanos;
        windowStartStreamMicros = streamMicros;
    }

    /**
     * A clock on arrival time from the first frame, for sources whose demuxer makes every timestamp up (MJPEG over
     * HTTP is stamped at 25 fps whatever the camera sends): a camera at 20 fps would pass the ratio check, within
     * its tolerance, and be sampled at 80 % of its rate.
     */
    static SamplingClock onArrival() {
        SamplingClock clock = new SamplingClock(false);
        clock.arrival = true;
        return clock;
    }

    boolean isArrival() {
        return arrival;
    }

    /** Stream seconds per wall second over the last full window: 0.4 for a 10 fps source stamped as 25 fps. */
    double lastRatio() {
        return lastRatio;
    }
}
