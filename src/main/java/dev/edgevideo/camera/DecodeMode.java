package dev.edgevideo.camera;

/** Which frames of a compressed (H.264, HEVC...) source the camera decodes. */
public enum DecodeMode {
    /**
     * Decodes only what the wanted rate needs, where that is safe for the stream ({@link DecodeStrategy}): keyframes
     * only when the wanted rate is at most a regular keyframe rate, or every frame up to each GOP's last sample when
     * frames come in presentation order; otherwise every reference frame, and every frame near a sample; every frame
     * where packets carry no timestamps. The default.
     */
    AUTO,
    /** Every frame, always. */
    ALL,
    /** Keyframes only, always: the output rate is at most the keyframe rate. */
    KEYFRAMES
}
