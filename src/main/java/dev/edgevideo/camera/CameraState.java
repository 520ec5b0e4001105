package dev.edgevideo.camera;

/** What a camera consumer is doing now. */
public enum CameraState {
    /** Opening the stream. */
    CONNECTING,
    /** Frames are flowing. */
    STREAMING,
    /** The last session failed; waiting before the next attempt. */
    BACKOFF,
    /**
     * Frames keep arriving but the picture has not changed by a single pixel for {@code frozenAfter}: a stuck
     * encoder or restreamer. Down, as a dark camera is: nobody downstream sees anything new.
     */
    FROZEN,
    /** Capture is held by the memory governor. */
    PAUSED,
    /** The consumer is not running. */
    STOPPED;

    /**
     * Whether the camera does its job: streaming, or paused on purpose by the memory governor (slower, never
     * frozen). Health checks, readiness and the status page all decide by this one rule.
     */
    public boolean isUp() {
        return this == STREAMING || this == PAUSED;
    }
}
