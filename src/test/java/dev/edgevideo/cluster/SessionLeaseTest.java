package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SessionLeaseTest {

    private static final Duration SESSION = Duration.ofSeconds(6);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SessionLease lease = new SessionLease(nanos::get);

    @Test
    void nothingIsVouchedForBeforeZooKeeperFirstAnswers() {
        assertThat(lease.holds(1)).isFalse();
    }

    @Test
    void anAnswerVouchesForHalfTheSessionFromWhenItsRequestWasSent() {
        long sent = lease.now();
        advance(Duration.ofMillis(800)); // the answer takes a while

        lease.answered(1, sent, SESSION);

        advance(Duration.ofMillis(2199));
        assertThat(lease.holds(1)).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(lease.holds(1)).as("3 s after sending").isFalse();
    }

    @Test
    void aLateAnswerToAnOlderRequestNeverShortensTheLease() {
        long older = lease.now();
        advance(Duration.ofSeconds(1));
        lease.answered(1, lease.now(), SESSION);

        lease.answered(1, older, SESSION);

        advance(Duration.ofMillis(2500));
        assertThat(lease.holds(1)).as("3.5 s after the older request, 2.5 s after the newer").isTrue();
    }

    @Test
    void anAnswerOnANewSessionVouchesForThatSessionOnly() {
        lease.answered(1, lease.now(), SESSION);

        lease.answered(2, lease.now(), SESSION);

        assertThat(lease.holds(2)).isTrue();
        assertThat(lease.holds(1)).as("the expired session's locks are gone").isFalse();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
