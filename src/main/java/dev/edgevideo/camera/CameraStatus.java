package dev.edgevideo.camera;

import java.time.Instant;
import java.util.Objects;

/**
 * A camera's status: an immutable snapshot, replaced as a whole on every change, as {@code camera_status} events,
 * health, JMX and the API show it.
 *
 * @param cameraId            the camera
 * @param state               what the camera is doing
 * @param circuit             its circuit breaker
 * @param consecutiveFailures failed sessions since the last healthy stream
 * @param lastError           the last failure, credentials masked; {@code null} once the camera recovered
 * @param since               when this status began (the last change of state, circuit or failures)
 */
public record CameraStatus(String cameraId, CameraState state, CircuitState circuit, int consecutiveFailures,
                           String lastError, Instant since) {

    public CameraStatus {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(since, "since");
    }

    /** Whether {@code other} says something different, ignoring when it was taken. */
    boolean sameAs(CameraState otherState, CircuitState otherCircuit, int otherFailures, String otherError) {
        return state == otherState && circuit == otherCircuit && consecutiveFailures == otherFailures
               && Objects.equals(lastError, otherError);
    }
}
