package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    private static final long FRAME_25FPS = 40_000;

    private final FrameSampler sampler = new FrameSampler();

    private List<Long> keptFrom25FpsStream(int frames, double fps) {
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            long timestamp = i * FRAME_25FPS;
            if (sampler.accept(timestamp, FrameSampler.intervalMicros(fps))) {
                kept.add(timestamp);
            }
        }
        return kept;
    }

    @Test
    void keepsExactlyTheTargetRateOfA25FpsStream() {
        assertThat(keptFrom25FpsStream(250, 2)).hasSize(20);
        sampler.reset();
        assertThat(keptFrom25FpsStream(250, 0.5)).hasSize(5);
    }

    @Test
    void keptFramesAreEvenlySpacedOnTheStreamClock() {
        List<Long> kept = keptFrom25FpsStream(250, 2);
        // 500 ms is 12.5 frames at 25 fps: each gap is the slot rounded to a neighbouring frame, never a burst.
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).isBetween(500_000L - FRAME_25FPS, 500_000L + FRAME_25FPS);
        }
    }

    @Test
    void aRateNotDividingTheStreamRateStillAveragesRight() {
        // 3 fps out of 25 fps: spacing alternates 320/360 ms, but 10 s yield 30 frames.
        assertThat(keptFrom25FpsStream(250, 3)).hasSize(30);
    }

    @Test
    void aGapInTheStreamDoesNotReleaseABurstAfterwards() {
        long interval = FrameSampler.intervalMicros(2);
        assertThat(sampler.accept(0, interval)).isTrue();
        assertThat(sampler.accept(10_000_000, interval)).as("first frame after a 10 s gap").isTrue();
        assertThat(sampler.accept(10_040_000, interval)).as("next frame, 40 ms later").isFalse();
        assertThat(sampler.accept(10_480_000, interval)).isFalse();
        assertThat(sampler.accept(10_520_000, interval)).isTrue();
    }

    @Test
    void aClockThatJumpsBackStartsAgainInsteadOfStalling() {
        long interval = FrameSampler.intervalMicros(1);
        assertThat(sampler.accept(50_000_000, interval)).isTrue();
        assertThat(sampler.accept(0, interval)).as("source clock restarted").isTrue();
        assertThat(sampler.accept(40_000, interval)).isFalse();
        assertThat(sampler.accept(1_000_000, interval)).isTrue();
    }
}
