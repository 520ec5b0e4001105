package dev.edgevideo.camera;

/** Which frames of a compressed (H.264, HEVC...) source the camera decodes. */
public enum DecodeMode {
    /**
     * Keyframes only whenever the wanted rate (the camera's fps, or the memory governor's lower cap) is at most
     * the stream's keyframe rate, every frame otherwise. The default.
     */
    AUTO,
    /** Every frame, always. */
    ALL,
    /** Keyframes only, always: the output rate is at most the keyframe rate. */
    KEYFRAMES;

    /** Share by which the wanted rate may exceed the measured keyframe rate and still count as "at most". */
    private static final double TOLERANCE = 1.05;

    /**
     * @param wantedFps    the rate frames are sampled at now
     * @param keyframeRate the measured keyframe rate, or NaN while unknown
     */
    boolean keyFramesOnly(double wantedFps, double keyframeRate) {
        return switch (this) {
            case ALL -> false;
            case KEYFRAMES -> true;
            case AUTO -> !Double.isNaN(keyframeRate) && wantedFps <= keyframeRate * TOLERANCE;
        };
    }
}
