package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SamplingClockTest {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Frames kept at {@code fps} between {@code fromSecond} and the end, of a source sending {@code sourceFps}. */
    private static int keptAfter(SamplingClock clock, double sourceFps, double streamFps, double fps, int seconds,
                                 int fromSecond) {
        SlotSampler sampler = new SlotSampler(0);
        int kept = 0;
        int frames = (int) (seconds * sourceFps);
        for (int i = 0; i < frames; i++) {
            long now = Math.round(i * SECOND_NANOS / sourceFps);
            long stream = Math.round(i * 1_000_000d / streamFps);
            if (sampler.offer(clock.sampleTime(stream, now), SlotSampler.intervalMicros(fps)) != SlotSampler.NOT_TAKEN
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
    void keepsTheStreamClockOfAnRtspCameraWhoseFirstFramesComeInABurst() {
        // On connecting FFmpeg returns what it buffered while probing: 2.3 s of a 10 fps stream within 23 ms.
        SamplingClock clock = new SamplingClock(false);
        for (int i = 0; i < 23; i++) {
            clock.sampleTime(i * 100_000L, i * 1_000_000L);
        }
        for (int i = 23; i < 200; i++) {
            long now = 23_000_000L + (i - 22) * SECOND_NANOS / 10;
            clock.sampleTime(i * 100_000L, now);
        }
        assertThat(clock.isArrival()).isFalse();
        assertThat(clock.lastRatio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void samplesOnArrivalWhenStreamTimestampsJump() {
        // An RTSP camera whose clock jumps 30 s forward after 10 s of real-time stream.
        SamplingClock clock = new SamplingClock(false);
        for (int i = 0; i < 200; i++) {
            clock.sampleTime(i * 100_000L + (i >= 100 ? 30_000_000L : 0), i * SECOND_NANOS / 10);
        }
        assertThat(clock.isArrival()).isTrue();
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
