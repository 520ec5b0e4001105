package dev.edgevideo.camera;

/**
 * One sampled, JPEG-encoded frame on its way from the grab thread to the route thread.
 *
 * @param jpeg             the JPEG bytes (the message body)
 * @param sequence         per-camera monotonic sequence
 * @param epochNanos       wall-clock capture time
 * @param width            real width of the JPEG
 * @param height           real height of the JPEG
 * @param keyFrame         whether the source frame was a keyframe
 */
public record CapturedFrame(byte[] jpeg, long sequence, long epochNanos, int width, int height,
                            boolean keyFrame) {

    public long epochMillis() {
        return epochNanos / 1_000_000L;
    }
}
