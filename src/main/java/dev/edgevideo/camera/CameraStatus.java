package dev.edgevideo.camera;

import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A camera's status at a change of its state or circuit, as published in {@code camera_status} events.
 *
 * @param cameraId            the camera
 * @param timestamp           when the change happened
 * @param state               what the camera is doing
 * @param circuit             its circuit breaker: CLOSED, OPEN or HALF_OPEN
 * @param consecutiveFailures failed sessions since the last frame
 * @param lastError           the last failure, credentials masked; {@code null} once frames flow
 */
public record CameraStatus(String cameraId, Instant timestamp, CameraState state, CircuitBreaker.State circuit,
                           int consecutiveFailures, String lastError) {

    /** The circuit as a number for metrics: 0 closed, 1 open, 2 half-open. */
    public int circuitCode() {
        return switch (circuit) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        };
    }
}
