package dev.edgevideo.camera;

/** Which frames of a compressed (H.264, HEVC...) source the camera decodes. */
public enum DecodeMode {
    /** Decodes only what the wanted rate needs, where the stream shows that is safe ({@link DecodeStrategy}). */
    AUTO,
    /** Every frame, always. */
    ALL,
    /** Keyframes only, always: the output rate is at most the keyframe rate. */
    KEYFRAMES
}
