package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.edgevideo.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Seed 001's semantics on a clock the test moves: minutes of backoff checked in milliseconds. */
class CameraCircuitBreakerTest {

    private static final String REFUSED = "cannot open rtsp://***@cam/s: Connection refused";

    private final MutableClock clock = new MutableClock();

    private CameraCircuitBreaker breaker(double jitter) {
        ReconnectConfiguration settings = new ReconnectConfiguration();
        settings.setBackoffJitter(jitter);
        return new CameraCircuitBreaker("cam", settings, clock);
    }

    @Test
    void fiveConsecutiveFailuresOpenTheCircuitWithTheInitialBackoff() {
        CameraCircuitBreaker breaker = breaker(0);
        for (int i = 1; i <= 4; i++) {
            assertThat(breaker.onFailure(REFUSED)).as("failure %d retries after reconnectDelay", i)
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        }
        assertThat(breaker.onFailure(REFUSED)).isEqualTo(Duration.ofSeconds(5));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.consecutiveFailures()).isEqualTo(5);
        assertThat(breaker.lastError()).isEqualTo(REFUSED);
    }

    @Test
    void aHealthyStreamBetweenFailuresKeepsTheCircuitClosed() {
        CameraCircuitBreaker breaker = breaker(0);
        for (int i = 0; i < 4; i++) {
            breaker.onFailure(REFUSED);
        }
        breaker.onFrame();
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.lastError()).as("a recovered camera shows no error").isNull();
        for (int i = 0; i < 4; i++) {
            breaker.onFailure(REFUSED);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void noAttemptWhileOpenThenFailedTrialsDoubleTheBackoffUpToTheMaximum() {
        CameraCircuitBreaker breaker = breaker(0);
        open(breaker);
        assertThat(breaker.beforeAttempt()).as("still backing off").isEqualTo(Duration.ofSeconds(5));
        long[] expectedSeconds = {10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expectedSeconds) {
            clock.advance(breaker.beforeAttempt());
            assertThat(breaker.beforeAttempt()).isZero();
            assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
            Duration wait = breaker.onFailure(REFUSED);
            assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
            assertThat(wait).as("backoff after a failed trial").isEqualTo(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void goodFramesInHalfOpenCloseTheCircuitAndResetTheBackoff() {
        CameraCircuitBreaker breaker = breaker(0);
        open(breaker);
        clock.advance(breaker.beforeAttempt());
        breaker.beforeAttempt();
        breaker.onFailure(REFUSED);
        clock.advance(breaker.beforeAttempt());
        assertThat(breaker.beforeAttempt()).isZero();
        breaker.onFrame();
        breaker.onFrame();
        assertThat(breaker.state()).as("two good frames are not enough").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.lastError()).as("still failing until the circuit closes").isEqualTo(REFUSED);
        breaker.onFrame();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.lastError()).isNull();

        assertThat(open(breaker)).as("the next outage starts again at the initial backoff")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterSpreadsTheBackoffWithinItsFactorAndNeverBeyondTheMaximum() {
        for (int i = 0; i < 20; i++) {
            assertThat(open(breaker(0.2)).toMillis()).isBetween(4000L, 6000L);
        }
        ReconnectConfiguration capped = new ReconnectConfiguration();
        capped.setMaxFailures(1);
        capped.setMaxBackoff(5_000);
        capped.setBackoffJitter(0.5);
        CameraCircuitBreaker breaker = new CameraCircuitBreaker("cam", capped, clock);
        for (int i = 0; i < 20; i++) {
            clock.advance(breaker.beforeAttempt());
            breaker.beforeAttempt();
            assertThat(breaker.onFailure(REFUSED).toMillis()).isLessThanOrEqualTo(5000L);
        }
    }

    private static Duration open(CameraCircuitBreaker breaker) {
        Duration wait = Duration.ZERO;
        while (breaker.state() != CircuitState.OPEN) {
            wait = breaker.onFailure(REFUSED);
        }
        return wait;
    }
}
