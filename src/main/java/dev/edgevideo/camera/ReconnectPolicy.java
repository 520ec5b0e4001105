package dev.edgevideo.camera;

import java.time.Duration;

/**
 * Decides when a camera opens its stream again. The default is the per-camera {@link CameraCircuitBreaker};
 * a custom policy can be set with the endpoint's {@code reconnectPolicy} option.
 * <p>
 * Called from the camera's grab thread only.
 */
public interface ReconnectPolicy {

    /** Called before each attempt to open the stream; returns how much longer to wait first (zero: go now). */
    default Duration beforeAttempt(String cameraId) {
        return Duration.ZERO;
    }

    /** Called when a session fails to open, stalls or ends; returns how long to wait before the next try. */
    Duration onFailure(String cameraId, Exception cause);

    /** Called when a session delivered its first frame: the stream is healthy again. */
    void onStreaming(String cameraId);

    /** Called for every frame a session decodes (after {@link #onStreaming} for the first one). */
    default void onFrame(String cameraId) {
        // most policies only care about sessions
    }
}
