package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateIsZeroUntilTwoSamples() {
        RateMeter meter = new RateMeter(3);
        assertThat(meter.perSecond()).isZero();
        meter.sample(10, 0);
        assertThat(meter.perSecond()).isZero();
    }

    @Test
    void rateCoversOnlyTheWindowSoItFollowsAChangeOfPace() {
        RateMeter meter = new RateMeter(3);
        meter.sample(0, 0);
        meter.sample(25, SECOND);
        assertThat(meter.perSecond()).isCloseTo(25, within(1e-9));
        meter.sample(50, 2 * SECOND);
        meter.sample(52, 3 * SECOND);
        meter.sample(54, 4 * SECOND);
        assertThat(meter.perSecond()).as("the 25 fps samples left the window").isCloseTo(2, within(1e-9));
    }
}
