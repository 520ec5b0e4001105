package dev.edgevideo.camera;

/**
 * One sampled, JPEG-encoded frame with its metadata: what the grab thread hands to the route thread, and what the
 * route carries to the sinks as the {@link CameraConstants#FRAME} header (the body is the JPEG itself).
 *
 * @param cameraId    the camera
 * @param jpeg        the JPEG bytes (the message body)
 * @param sequence    per-camera monotonic sequence, from 1 when the consumer starts
 * @param epochNanos  wall-clock capture time
 * @param width       real width of the JPEG
 * @param height      real height of the JPEG
 * @param keyFrame    whether the source frame was a keyframe
 * @param sourceCodec FFmpeg's name of the source codec, e.g. h264, hevc, mjpeg
 * @param changeScore how much the picture differs from the camera's previous published one (mean absolute
 *                    difference of their luma thumbnails, 0 to 255); NaN for the first frame of a session and for
 *                    MJPEG passed through (no decoded picture)
 */
public record CapturedFrame(String cameraId, byte[] jpeg, long sequence, long epochNanos, int width, int height,
                            boolean keyFrame, String sourceCodec, double changeScore) {

    public long epochMillis() {
        return epochNanos / 1_000_000L;
    }
}
