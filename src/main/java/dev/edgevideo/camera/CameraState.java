package dev.edgevideo.camera;

/** What a camera consumer is doing now. */
public enum CameraState {
    /** Opening the stream. */
    CONNECTING,
    /** Frames are flowing. */
    STREAMING,
    /** The last session failed; waiting before the next attempt. */
    BACKOFF,
    /** Capture is held by the memory governor. */
    PAUSED,
    /** The consumer is not running. */
    STOPPED
}
