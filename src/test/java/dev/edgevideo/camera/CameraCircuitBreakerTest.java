package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.edgevideo.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

/** Seed 001's semantics on a clock the test moves: minutes of backoff checked in milliseconds. */
class CameraCircuitBreakerTest {

    private static final Exception REFUSED = new Exception("cannot open rtsp://user:secret@cam/s: Connection refused");

    private final MutableClock clock = new MutableClock();
    private final List<State> transitions = new CopyOnWriteArrayList<>();

    private CameraCircuitBreaker breaker(double jitter) {
        ReconnectSettings settings = new ReconnectSettings(5, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), 2.0,
                Duration.ofMinutes(5), jitter);
        return new CameraCircuitBreaker("cam", settings, clock, transitions::add);
    }

    @Test
    void fiveConsecutiveFailuresOpenTheCircuitWithTheInitialBackoff() {
        CameraCircuitBreaker breaker = breaker(0);
        for (int i = 1; i <= 4; i++) {
            assertThat(breaker.onFailure("cam", REFUSED)).as("failure %d retries after retryDelay", i)
                    .isEqualTo(Duration.ofSeconds(2));
            assertThat(breaker.state()).isEqualTo(State.CLOSED);
        }
        assertThat(breaker.onFailure("cam", REFUSED)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5001));
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.consecutiveFailures()).isEqualTo(5);
        assertThat(breaker.lastError()).as("credentials masked").doesNotContain("secret").contains("Connection refused");
        assertThat(transitions).containsExactly(State.OPEN);
    }

    @Test
    void aHealthyStreamBetweenFailuresKeepsTheCircuitClosed() {
        CameraCircuitBreaker breaker = breaker(0);
        for (int i = 0; i < 4; i++) {
            breaker.onFailure("cam", REFUSED);
        }
        breaker.onStreaming("cam");
        for (int i = 0; i < 4; i++) {
            breaker.onFailure("cam", REFUSED);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(4);
    }

    @Test
    void noAttemptWhileOpenThenFailedTrialsDoubleTheBackoffUpToTheMaximum() {
        CameraCircuitBreaker breaker = breaker(0);
        open(breaker);
        assertThat(breaker.beforeAttempt("cam")).as("still backing off").isBetween(Duration.ofSeconds(5),
                Duration.ofMillis(5001));
        long[] expectedSeconds = {10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expectedSeconds) {
            clock.advance(breaker.beforeAttempt("cam"));
            assertThat(breaker.beforeAttempt("cam")).isZero();
            assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
            Duration wait = breaker.onFailure("cam", REFUSED);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            assertThat(wait.toMillis()).as("backoff after a failed trial").isBetween(seconds * 1000, seconds * 1000 + 1);
        }
    }

    @Test
    void goodFramesInHalfOpenCloseTheCircuitAndResetTheBackoff() {
        CameraCircuitBreaker breaker = breaker(0);
        open(breaker);
        clock.advance(breaker.beforeAttempt("cam"));
        breaker.beforeAttempt("cam");
        breaker.onFailure("cam", REFUSED);
        clock.advance(breaker.beforeAttempt("cam"));
        assertThat(breaker.beforeAttempt("cam")).isZero();
        breaker.onStreaming("cam");
        breaker.onFrame("cam");
        breaker.onFrame("cam");
        assertThat(breaker.state()).as("two good frames are not enough").isEqualTo(State.HALF_OPEN);
        breaker.onFrame("cam");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.lastError()).isNull();
        assertThat(transitions).containsExactly(State.OPEN, State.HALF_OPEN, State.OPEN, State.HALF_OPEN,
                State.CLOSED);

        Duration wait = open(breaker);
        assertThat(wait.toMillis()).as("the next outage starts again at the initial backoff").isBetween(5000L, 5001L);
    }

    @Test
    void jitterSpreadsTheBackoffWithinItsFactorAndNeverBeyondTheMaximum() {
        for (int i = 0; i < 20; i++) {
            CameraCircuitBreaker breaker = breaker(0.2);
            assertThat(open(breaker).toMillis()).isBetween(4000L, 6001L);
        }
        ReconnectSettings capped = new ReconnectSettings(1, 1, Duration.ZERO, Duration.ofSeconds(5), 2.0,
                Duration.ofSeconds(5), 0.5);
        CameraCircuitBreaker breaker = new CameraCircuitBreaker("cam", capped, clock, transitions::add);
        for (int i = 0; i < 20; i++) {
            clock.advance(breaker.beforeAttempt("cam"));
            breaker.beforeAttempt("cam");
            assertThat(breaker.onFailure("cam", REFUSED).toMillis()).isLessThanOrEqualTo(5001L);
        }
    }

    private static Duration open(CameraCircuitBreaker breaker) {
        Duration wait = Duration.ZERO;
        while (breaker.state() != State.OPEN) {
            wait = breaker.onFailure("cam", REFUSED);
        }
        return wait;
    }
}
