package dev.edgevideo.camera;

import dev.edgevideo.camera.ffmpeg.LumaThumbnail;

/**
 * Decides, before any JPEG is encoded, whether a sampled picture is news: its change score is the mean absolute
 * difference of its luma thumbnail from the last published one (0 to 255). With {@link PublishOn#change} a
 * picture is published when the score is above the threshold, or when the heartbeat passed since the last
 * published picture, so consumers still see a still camera is alive. Times are the stream's clock, like the
 * sampler's. Not thread-safe: the grab thread's.
 */
final class ChangeGate {

    private final boolean onChange;
    private final double threshold;
    private final long heartbeatMicros;
    private final byte[] reference = new byte[LumaThumbnail.SIZE];
    private boolean hasReference;
    private long lastPublishedMicros;

    ChangeGate(PublishOn publishOn, double threshold, long heartbeatMillis) {
        this.onChange = publishOn == PublishOn.change;
        this.threshold = threshold;
        this.heartbeatMicros = heartbeatMillis * 1000;
    }

    /** The picture's difference from the last published one; NaN before the first, or without a picture. */
    double score(LumaThumbnail thumbnail) {
        if (thumbnail == null || !hasReference) {
            return Double.NaN;
        }
        return LumaThumbnail.meanAbsoluteDifference(thumbnail.cells(), reference);
    }

    /** Whether a picture with this score, at this stream time, is published. */
    boolean publishes(double score, long timestampMicros) {
        return !onChange || Double.isNaN(score) || score > threshold
               || timestampMicros - lastPublishedMicros >= heartbeatMicros;
    }

    /** The picture is published: later ones are compared with it. */
    void published(LumaThumbnail thumbnail, long timestampMicros) {
        lastPublishedMicros = timestampMicros;
        if (thumbnail != null) {
            System.arraycopy(thumbnail.cells(), 0, reference, 0, reference.length);
            hasReference = true;
        }
    }
}
