package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.core.IntervalFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker around one camera's (re)connections (seed 001), a small state machine of its own: a camera
 * is a long-lived session, not a stream of calls, so Resilience4j's call-counting breaker does not fit, while its
 * {@link IntervalFunction} gives the backoff. Its states are {@link CircuitState}'s, its options
 * {@link ReconnectConfiguration}'s.
 * <p>
 * Logging follows the operator's needs: a new error and the opening are logged, failed trials while the circuit
 * is open are not, recovery is logged once.
 * <p>
 * Not thread-safe for writes: one instance per camera session loop, driven by its grab thread.
 */
final class CameraCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(CameraCircuitBreaker.class);

    private final String cameraId;
    private final ReconnectConfiguration settings;
    private final Clock clock;
    private final IntervalFunction backoff;
    private CircuitState state = CircuitState.CLOSED;
    private Instant openUntil = Instant.MIN;
    /** Failed trials since the circuit first opened: the exponent of the backoff. */
    private int openings;
    private int goodFrames;
    private int consecutiveFailures;
    private String lastError;

    CameraCircuitBreaker(String cameraId, ReconnectConfiguration settings, Clock clock) {
        this.cameraId = cameraId;
        this.settings = settings;
        this.clock = clock;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.getInitialBackoff(),
                settings.getBackoffMultiplier(), settings.getBackoffJitter(), settings.getMaxBackoff());
    }

    /** Before each attempt to open the stream: how much longer to wait (zero: go now, as a trial when open). */
    Duration beforeAttempt() {
        if (state != CircuitState.OPEN) {
            return Duration.ZERO;
        }
        Duration remaining = Duration.between(clock.instant(), openUntil);
        if (remaining.isNegative() || remaining.isZero()) {
            state = CircuitState.HALF_OPEN;
            goodFrames = 0;
            return Duration.ZERO;
        }
        return remaining;
    }

    /** A session could not open, stalled or ended: how long to wait before the next attempt. */
    Duration onFailure(String maskedError) {
        consecutiveFailures++;
        boolean newError = !maskedError.equals(lastError);
        lastError = maskedError;
        if (state == CircuitState.HALF_OPEN || consecutiveFailures >= settings.getMaxFailures()) {
            boolean opening = state == CircuitState.CLOSED;
            Duration wait = open();
            if (opening) {
                LOG.warn("Camera {} circuit OPEN after {} consecutive failures (last: {}): next attempt in {} ms,"
                         + " with exponential backoff up to {} s; failed attempts are no longer logged",
                        cameraId, consecutiveFailures, maskedError, wait.toMillis(),
                        settings.getMaxBackoff() / 1000);
            } else {
                LOG.debug("Camera {} trial failed ({} in a row): next attempt in {} ms", cameraId,
                        consecutiveFailures, wait.toMillis());
            }
            return wait;
        }
        if (newError) {
            LOG.warn("Camera {} has no stream: {}; next attempt in {} ms", cameraId, maskedError,
                    settings.getReconnectDelay());
        } else {
            LOG.debug("Camera {} still failing ({} in a row): {}", cameraId, consecutiveFailures, maskedError);
        }
        return Duration.ofMillis(settings.getReconnectDelay());
    }

    void onFrame() {
        if (state == CircuitState.CLOSED) {
            if (consecutiveFailures > 0) {
                reset();
            }
        } else if (state == CircuitState.HALF_OPEN && ++goodFrames >= settings.getHalfOpenSuccesses()) {
            LOG.info("Camera {} circuit CLOSED: {} good frames after {} failed attempts; backoff reset", cameraId,
                    goodFrames, consecutiveFailures);
            state = CircuitState.CLOSED;
            reset();
        }
    }

    CircuitState state() {
        return state;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    String lastError() {
        return lastError;
    }

    private Duration open() {
        openings++;
        // Jitter is applied after the cap by the interval function: clamp so the documented maximum holds.
        long millis = Math.min(backoff.apply(openings), settings.getMaxBackoff());
        state = CircuitState.OPEN;
        openUntil = clock.instant().plusMillis(millis);
        return Duration.ofMillis(millis);
    }

    private void reset() {
        consecutiveFailures = 0;
        lastError = null;
        openings = 0;
        goodFrames = 0;
    }
}
