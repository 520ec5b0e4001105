package dev.edgevideo.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;

/**
 * When each sink confirmed each camera's frames, as the service saw it: a fault test reads a sink's rate over a
 * window and the longest wait between two of its frames (how long a camera's route was held).
 */
public final class PublishTimes {

    private final Map<String, List<Long>> times = new ConcurrentHashMap<>();

    private PublishTimes() {
    }

    /** Records every frame the service publishes from now on. */
    public static PublishTimes record(SinkOutcomes outcomes) {
        PublishTimes publishTimes = new PublishTimes();
        outcomes.onPublished((cameraId, sink, captured) -> publishTimes.of(cameraId, sink).add(System.nanoTime()));
        return publishTimes;
    }

    /** Frames per second the sink confirmed for the camera between two {@link System#nanoTime()} readings. */
    public double fps(String cameraId, Sink sink, long fromNanos, long toNanos) {
        long frames = of(cameraId, sink).stream().filter(t -> t >= fromNanos && t < toNanos).count();
        return frames / ((toNanos - fromNanos) / 1e9);
    }

    /** The longest time, in ms, the sink went without confirming a frame of the camera between the two readings. */
    public long longestGapMillis(String cameraId, Sink sink, long fromNanos, long toNanos) {
        long previous = fromNanos;
        long longest = 0;
        for (long t : of(cameraId, sink)) {
            if (t >= fromNanos && t < toNanos) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
        }
        return Math.max(longest, toNanos - previous) / 1_000_000;
    }

    /** The first time the sink confirmed a frame of the camera at or after {@code fromNanos}, or -1. */
    public long firstAfter(String cameraId, Sink sink, long fromNanos) {
        return of(cameraId, sink).stream().filter(t -> t >= fromNanos).findFirst().orElse(-1L);
    }

    private List<Long> of(String cameraId, Sink sink) {
        return times.computeIfAbsent(cameraId + "/" + sink.id(), key -> new CopyOnWriteArrayList<>());
    }
}
