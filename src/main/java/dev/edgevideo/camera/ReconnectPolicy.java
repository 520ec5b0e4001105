package dev.edgevideo.camera;

import java.time.Duration;

/**
 * Decides how long a camera waits before it opens its stream again. The seam where the circuit breaker
 * with exponential backoff plugs in; the default waits a fixed delay.
 */
public interface ReconnectPolicy {

    /** Called when a session fails to open, stalls or ends; returns how long to wait before the next try. */
    Duration onFailure(String cameraId, Exception cause);

    /** Called when a session delivered its first frame: the stream is healthy again. */
    void onStreaming(String cameraId);

    /** A policy that always waits the same delay. */
    static ReconnectPolicy fixedDelay(Duration delay) {
        return new ReconnectPolicy() {
            @Override
            public Duration onFailure(String cameraId, Exception cause) {
                return delay;
            }

            @Override
            public void onStreaming(String cameraId) {
                // nothing to reset
            }
        };
    }
}
