package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker around one camera's (re)connections, on Resilience4j's state machine (seed 001):
 * <ul>
 *   <li>CLOSED: a failed session is retried after {@code retryDelay}; {@code maxFailures} consecutive failures
 *       (a count-based window of that size, all failed) open the circuit.</li>
 *   <li>OPEN: no attempt until the backoff from an exponential {@link IntervalFunction} with jitter has
 *       passed ({@code initialBackoff}, times {@code backoffMultiplier} per failed trial, capped at
 *       {@code maxBackoff}).</li>
 *   <li>HALF_OPEN: one trial session; {@code halfOpenSuccesses} good frames close the circuit (and reset the
 *       backoff), a failure opens it again with the next, longer backoff.</li>
 * </ul>
 * Logging follows the operator's needs: the first failure and the opening are logged, failed trials while the
 * circuit is open are not, and recovery is logged once.
 * <p>
 * Not thread-safe for writes: one instance per camera, driven by its grab thread; state reads are safe from
 * any thread.
 */
public final class CameraCircuitBreaker implements ReconnectPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(CameraCircuitBreaker.class);

    private final String cameraId;
    private final ReconnectSettings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final Consumer<CircuitBreaker.State> onTransition;
    /** The backoff the interval function chose when the circuit last opened (jitter makes it unpredictable). */
    private final AtomicLong chosenBackoffMillis = new AtomicLong();
    private Instant openUntil = Instant.MIN;
    private int consecutiveFailures;
    private String lastError;

    /**
     * @param onTransition told the new state after every transition (the camera publishes it); must not throw
     */
    public CameraCircuitBreaker(String cameraId, ReconnectSettings settings, Clock clock,
                                Consumer<CircuitBreaker.State> onTransition) {
        this.cameraId = cameraId;
        this.settings = settings;
        this.clock = clock;
        this.onTransition = onTransition;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                settings.backoffMultiplier(), settings.backoffJitter(), settings.maxBackoff());
        long maxMillis = settings.maxBackoff().toMillis();
        IntervalFunction recorded = attempt -> {
            // Jitter is applied after the cap: clamp so the documented maximum holds.
            long millis = Math.min(backoff.apply(attempt), maxMillis);
            chosenBackoffMillis.set(millis);
            return millis;
        };
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.maxFailures())
                .minimumNumberOfCalls(settings.maxFailures())
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenSuccesses())
                .waitIntervalFunctionInOpenState(recorded)
                // The grab thread asks for permission after sleeping the backoff; no scheduler thread needed.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("camera-" + cameraId, config);
        breaker.getEventPublisher().onStateTransition(event -> transitioned(event.getStateTransition()));
    }

    @Override
    public Duration beforeAttempt(String cameraId) {
        if (breaker.getState() == CircuitBreaker.State.OPEN && !breaker.tryAcquirePermission()) {
            return remainingBackoff();
        }
        return Duration.ZERO;
    }

    @Override
    public Duration onFailure(String cameraId, Exception cause) {
        consecutiveFailures++;
        String error = UrlMasker.mask(cause.getMessage());
        boolean newError = !error.equals(lastError);
        lastError = error;
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            // Seed 001: one failed trial reopens the circuit, with the next backoff.
            breaker.transitionToOpenState();
        } else {
            breaker.onError(0, TimeUnit.NANOSECONDS, cause);
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            return remainingBackoff();
        }
        if (newError) {
            LOG.warn("Camera {} has no stream: {}; next attempt in {} ms", cameraId, error,
                    settings.retryDelay().toMillis());
        } else {
            LOG.debug("Camera {} still failing ({} in a row): {}", cameraId, consecutiveFailures, error);
        }
        return settings.retryDelay();
    }

    @Override
    public void onStreaming(String cameraId) {
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
            consecutiveFailures = 0;
            lastError = null;
        }
    }

    @Override
    public void onFrame(String cameraId) {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    /** CLOSED, OPEN or HALF_OPEN. */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** Failed sessions since the last healthy stream. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The last failure, credentials masked; {@code null} after a healthy stream. */
    public String lastError() {
        return lastError;
    }

    private Duration remainingBackoff() {
        Duration remaining = Duration.between(clock.instant(), openUntil);
        // Resilience4j grants permission strictly after its deadline: one extra millisecond gets past it.
        return remaining.isNegative() ? Duration.ofMillis(1) : remaining.plusMillis(1);
    }

    private void transitioned(CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        switch (transition) {
            case CLOSED_TO_OPEN -> {
                openUntil = clock.instant().plusMillis(chosenBackoffMillis.get());
                LOG.warn("Camera {} circuit OPEN after {} consecutive failures (last: {}): next attempt in {} ms,"
                         + " with exponential backoff up to {} s; failed attempts are no longer logged",
                        cameraId, consecutiveFailures, lastError, chosenBackoffMillis.get(),
                        settings.maxBackoff().toSeconds());
            }
            case HALF_OPEN_TO_OPEN -> {
                openUntil = clock.instant().plusMillis(chosenBackoffMillis.get());
                LOG.debug("Camera {} trial failed ({} in a row): next attempt in {} ms", cameraId,
                        consecutiveFailures, chosenBackoffMillis.get());
            }
            case HALF_OPEN_TO_CLOSED -> {
                LOG.info("Camera {} circuit CLOSED: {} good frames after {} failed attempts; backoff reset", cameraId,
                        settings.halfOpenSuccesses(), consecutiveFailures);
                consecutiveFailures = 0;
                lastError = null;
            }
            default -> LOG.debug("Camera {} circuit {}", cameraId, transition);
        }
        onTransition.accept(to);
    }
}
