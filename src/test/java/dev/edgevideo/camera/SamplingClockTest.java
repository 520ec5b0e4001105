package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SamplingClockTest {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Frames kept at {@code fps} between {@code fromSecond} and the end, of a source sending {@code sourceFps}. */
    private static int keptAfter(SamplingClock clock, double sourceFps, double streamFps, double fps, int seconds,
                                 int fromSecond) {
        FrameSampler sampler = new FrameSampler();
        int kept = 0;
        int frames = (int) (seconds * sourceFps);
        for (int i = 0; i < frames; i++) {
            long now = Math.round(i * SECOND_NANOS / sourceFps);
            long stream = Math.round(i * 1_000_000d / streamFps);
            if (sampler.accept(clock.sampleTime(stream, now), FrameSampler.intervalMicros(fps))
                && now >= fromSecond * SECOND_NANOS) {
                kept++;
            }
        }
        return kept;
    }

    @Test
    void samplesOnArrivalWhenTheDemuxerMadeUpTheTimestamps() {
        // MJPEG over HTTP: 10 frames a second arrive, stamped 40 ms apart as if 25 fps.
        SamplingClock clock = new SamplingClock(false);
        assertThat(keptAfter(clock, 10, 25, 2, 20, 10)).isBetween(19, 21);
        assertThat(clock.isArrival()).isTrue();
        assertThat(clock.lastRatio()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void keepsTheStreamClockWhileItTracksRealTime() {
        SamplingClock clock = new SamplingClock(false);
        assertThat(keptAfter(clock, 25, 25, 2, 20, 10)).isBetween(19, 21);
        assertThat(clock.isArrival()).isFalse();
    }

    @Test
    void samplesOnArrivalWhenStreamTimestampsRunFast() {
        // A camera clock that runs at three times real time would otherwise deliver a third of the target.
        SamplingClock clock = new SamplingClock(false);
        assertThat(keptAfter(clock, 25, 25.0 / 3, 2, 20, 10)).isBetween(19, 21);
        assertThat(clock.isArrival()).isTrue();
    }

    @Test
    void neverQuestionsAPacedFile() {
        SamplingClock clock = new SamplingClock(true);
        keptAfter(clock, 10, 25, 2, 20, 0);
        assertThat(clock.isArrival()).isFalse();
    }
}
