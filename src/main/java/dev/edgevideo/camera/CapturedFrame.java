package dev.edgevideo.camera;

/**
 * One sampled, JPEG-encoded frame with its metadata: what the grab thread hands to the route thread, and what the
 * route carries to the sinks as the {@link CameraConstants#FRAME} header (the body is the JPEG itself).
 *
 * @param cameraId           the camera
 * @param jpeg               the JPEG bytes (the message body)
 * @param sequence           per-camera monotonic sequence, from 1 when the consumer starts
 * @param epochNanos         the frame's timestamp: the sender's wall-clock time of the frame when
 *                           {@code timestampSource} is {@link TimestampSource#SENDER}, else our capture time
 * @param receivedEpochNanos our wall-clock capture time, whatever the source's clock says: what latency and frame
 *                           age are measured from
 * @param timestampSource    whose clock {@code epochNanos} is on
 * @param width              real width of the JPEG
 * @param height             real height of the JPEG
 * @param keyFrame           whether the source frame was a keyframe
 * @param sourceCodec        FFmpeg's name of the source codec, e.g. h264, hevc, mjpeg
 * @param changeScore        how much the picture differs from the camera's previous published one (mean absolute
 *                           difference of their luma thumbnails, 0 to 255); NaN for the first frame of a session and
 *                           for MJPEG passed through (no decoded picture)
 */
public record CapturedFrame(String cameraId, byte[] jpeg, long sequence, long epochNanos, long receivedEpochNanos,
                            TimestampSource timestampSource, int width, int height, boolean keyFrame,
                            String sourceCodec, double changeScore) {

    public long epochMillis() {
        return epochNanos / 1_000_000L;
    }

    public long receivedEpochMillis() {
        return receivedEpochNanos / 1_000_000L;
    }

    /** Our receive time minus the sender's time of the frame, in nanoseconds; 0 on the receiver's clock. */
    public long clockOffsetNanos() {
        return receivedEpochNanos - epochNanos;
    }
}
