package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlotSamplerTest {

    private static final long FRAME_25FPS = 40_000;

    private SlotSampler sampler = new SlotSampler(0);

    private List<Long> keptFrom25FpsStream(int frames, double fps) {
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            long timestamp = i * FRAME_25FPS;
            if (sampler.offer(timestamp, SlotSampler.intervalMicros(fps)) != SlotSampler.NOT_TAKEN) {
                kept.add(timestamp);
            }
        }
        return kept;
    }

    @Test
    void keepsExactlyTheTargetRateOfA25FpsStream() {
        assertThat(keptFrom25FpsStream(250, 2)).hasSize(20);
        sampler = new SlotSampler(0);
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
    void noPictureBeforeTheEarliestTakenTimeFillsTheNextSlot() {
        sampler = new SlotSampler(FRAME_25FPS);
        long interval = SlotSampler.intervalMicros(2);
        assertThat(sampler.earliestTakenMicros(interval)).as("before the first picture").isEqualTo(Long.MIN_VALUE);
        sampler.offer(0, interval);
        long earliest = sampler.earliestTakenMicros(interval);
        assertThat(earliest).as("one source frame before the 500 ms slot").isEqualTo(460_000);
        assertThat(sampler.offer(earliest - 1, interval)).isEqualTo(SlotSampler.NOT_TAKEN);
        assertThat(sampler.offer(earliest, interval)).isZero();
        assertThat(sampler.earliestTakenMicros(0)).as("every picture fills a slot at rate 0").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aGapInTheStreamDoesNotReleaseABurstAfterwards() {
        long interval = SlotSampler.intervalMicros(2);
        assertThat(sampler.offer(0, interval)).isZero();
        assertThat(sampler.offer(10_000_000, interval)).as("first frame after a 10 s gap: 19 slots missed")
                .isEqualTo(19);
        assertThat(sampler.offer(10_040_000, interval)).as("next frame, 40 ms later").isEqualTo(SlotSampler.NOT_TAKEN);
        assertThat(sampler.offer(10_480_000, interval)).isEqualTo(SlotSampler.NOT_TAKEN);
        assertThat(sampler.offer(10_520_000, interval)).isZero();
    }

    @Test
    void aClockThatJumpsBackStartsAgainInsteadOfStalling() {
        long interval = SlotSampler.intervalMicros(1);
        assertThat(sampler.offer(50_000_000, interval)).isZero();
        assertThat(sampler.offer(0, interval)).as("source clock restarted").isZero();
        assertThat(sampler.offer(40_000, interval)).isEqualTo(SlotSampler.NOT_TAKEN);
        assertThat(sampler.offer(1_000_000, interval)).isZero();
    }

    @Test
    void everyKeptFrameSitsWithinOneSourceFrameAfterItsSlot() {
        long interval = SlotSampler.intervalMicros(3);
        for (int i = 0; i < 250; i++) {
            long timestamp = i * FRAME_25FPS;
            if (sampler.offer(timestamp, interval) != SlotSampler.NOT_TAKEN) {
                assertThat(timestamp - sampler.lastSlotMicros()).isBetween(0L, FRAME_25FPS - 1);
            }
        }
    }

    @Test
    void aSourceSlowerThanTheTargetLeavesEverySecondSlotMissed() {
        long interval = SlotSampler.intervalMicros(2);
        long missed = 0;
        int filled = 0;
        for (int second = 0; second < 10; second++) {
            long result = sampler.offer(second * 1_000_000L, interval);
            assertThat(result).isNotEqualTo(SlotSampler.NOT_TAKEN);
            missed += result;
            filled++;
        }
        // 10 s of a 1 fps source at a 2 fps target: slots 0 .. 9.0 s, 19 of them, 10 filled and 9 missed.
        assertThat(filled + missed).isEqualTo(19);
        assertThat(missed).isEqualTo(9);
    }

    @Test
    void aVariableRateSourceWhoseFramesStraddleASlotStillFillsItWithTheNearestFrame() {
        // 10 fps from a source missing frames: 0, 80 and 200 ms. Slot 100 has no frame in [100, 200), but the one at
        // 80 ms is within one source-frame interval (40 ms) before it.
        sampler = new SlotSampler(FRAME_25FPS);
        long interval = SlotSampler.intervalMicros(10);
        assertThat(sampler.offer(0, interval)).isZero();
        assertThat(sampler.offer(80_000, interval)).as("fills slot 100 ms, 20 ms early").isZero();
        assertThat(sampler.lastSlotMicros()).isEqualTo(100_000);
        assertThat(sampler.offer(200_000, interval)).as("fills slot 200 ms").isZero();
    }
}
