package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

class SenderClockTest {

    /** 2026-12-02T00:00:00Z, as FFmpeg would set start_time_realtime: microseconds since the epoch. */
    private static final long START = 1_796_169_600_000_000L;

    @Test
    void senderTimeIsTheStartOfTheStreamOnTheSendersClockPlusThePts() {
        SenderClock clock = new SenderClock(() -> START);

        assertThat(clock.epochMicros(0)).isEqualTo(START);
        assertThat(clock.epochMicros(2_500_000)).isEqualTo(START + 2_500_000);
    }

    @Test
    void framesBeforeTheFirstSenderReportHaveNoSenderTimeAndLaterOnesDo() {
        AtomicLong field = new AtomicLong(AV_NOPTS_VALUE);
        SenderClock clock = new SenderClock(field::get);

        assertThat(clock.epochMicros(100_000)).isEqualTo(SenderClock.UNKNOWN);
        field.set(START);
        assertThat(clock.epochMicros(200_000)).isEqualTo(START + 200_000);
    }

    @Test
    void theStartIsReadUntilSetAndNeverAfter() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong field = new AtomicLong(AV_NOPTS_VALUE);
        LongSupplier counted = () -> {
            reads.incrementAndGet();
            return field.get();
        };
        SenderClock clock = new SenderClock(counted);

        clock.epochMicros(0);
        clock.epochMicros(40_000);
        field.set(START);
        for (int i = 0; i < 10; i++) {
            clock.epochMicros(80_000 + i * 40_000L);
        }
        field.set(START + 5_000_000);

        assertThat(reads).as("two frames before the report, one read when it came").hasValue(3);
        assertThat(clock.epochMicros(1_000_000)).as("fixed once set").isEqualTo(START + 1_000_000);
    }

    @Test
    void aFrameWithoutPtsOrASourceWithoutReportsHasNoSenderTime() {
        assertThat(new SenderClock(() -> START).epochMicros(SenderClock.UNKNOWN)).isEqualTo(SenderClock.UNKNOWN);
        assertThat(SenderClock.none().epochMicros(1_000_000)).isEqualTo(SenderClock.UNKNOWN);
        assertThat(new SenderClock(() -> 0).epochMicros(1_000_000)).as("not a wall clock")
                .isEqualTo(SenderClock.UNKNOWN);
    }
}
