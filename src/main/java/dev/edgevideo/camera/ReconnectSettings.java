package dev.edgevideo.camera;

import java.time.Duration;

/**
 * How a camera retries its stream: the circuit breaker's thresholds and the exponential backoff while it is
 * open. Immutable; the constructor checks every value and names the {@code camera:} option in its message.
 *
 * @param maxFailures       consecutive failed sessions that open the circuit
 * @param halfOpenSuccesses good frames a trial session must deliver to close the circuit again
 * @param retryDelay        wait between attempts while the circuit is closed
 * @param initialBackoff    wait after the circuit opened the first time
 * @param backoffMultiplier factor applied to the wait each time a trial session fails
 * @param maxBackoff        the wait never exceeds this
 * @param backoffJitter     random spread of each wait, 0 (none) to 1 (+/- 100 %), so cameras that failed
 *                          together do not retry together
 */
public record ReconnectSettings(int maxFailures, int halfOpenSuccesses, Duration retryDelay, Duration initialBackoff,
                                double backoffMultiplier, Duration maxBackoff, double backoffJitter) {

    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final int DEFAULT_HALF_OPEN_SUCCESSES = 3;
    public static final long DEFAULT_RETRY_DELAY_MILLIS = 2_000;
    public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 5_000;
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final long DEFAULT_MAX_BACKOFF_MILLIS = 300_000;
    public static final double DEFAULT_BACKOFF_JITTER = 0.2;

    public ReconnectSettings {
        require(maxFailures >= 1, "maxFailures", "must be >= 1, was " + maxFailures);
        require(halfOpenSuccesses >= 1, "halfOpenSuccesses", "must be >= 1, was " + halfOpenSuccesses);
        require(!retryDelay.isNegative(), "reconnectDelay", "must be >= 0, was " + retryDelay.toMillis() + " ms");
        require(initialBackoff.toMillis() >= 1, "initialBackoff",
                "must be >= 1 ms, was " + initialBackoff.toMillis() + " ms");
        require(backoffMultiplier >= 1, "backoffMultiplier", "must be >= 1, was " + backoffMultiplier);
        require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff",
                "must be >= initialBackoff (" + initialBackoff.toMillis() + " ms), was " + maxBackoff.toMillis() + " ms");
        require(backoffJitter >= 0 && backoffJitter < 1, "backoffJitter", "must be >= 0 and < 1, was " + backoffJitter);
    }

    /** Seed 001's defaults: open after 5 failures, 5 s doubling to 5 min, 3 good frames to close. */
    public static ReconnectSettings ofDefaults() {
        return new ReconnectSettings(DEFAULT_MAX_FAILURES, DEFAULT_HALF_OPEN_SUCCESSES,
                Duration.ofMillis(DEFAULT_RETRY_DELAY_MILLIS), Duration.ofMillis(DEFAULT_INITIAL_BACKOFF_MILLIS),
                DEFAULT_BACKOFF_MULTIPLIER, Duration.ofMillis(DEFAULT_MAX_BACKOFF_MILLIS), DEFAULT_BACKOFF_JITTER);
    }

    private static void require(boolean valid, String option, String message) {
        if (!valid) {
            throw new IllegalArgumentException("option '" + option + "' " + message);
        }
    }
}
