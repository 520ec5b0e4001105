package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionGapTest {

    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long SLOT_MICROS = 100_000;

    @Test
    void theFramesFfmpegBufferedWhileOpeningAreNotBookedTwice() {
        // The last frame at 0 s; the new session's first frame handed over at 3.8 s, then 2.3 s of buffered frames in
        // a burst, then live ones. The slots from 0 to 1.5 s (3.8 - 2.3) are the source's: 14 whole slots after the
        // one filled at 0.
        SessionGap gap = new SessionGap(1);
        long first = 3_800_000_000L;
        long booked = 0;
        for (int i = 0; i < 23; i++) {
            booked += gap.onSlot(i * SLOT_MICROS, first + i * 2_000_000L, SLOT_MICROS);
        }
        for (long t = 2_300_000; t < 6_000_000; t += SLOT_MICROS) {
            booked += gap.onSlot(t, first + 46_000_000L + (t - 2_300_000) * 1000, SLOT_MICROS);
        }
        assertThat(booked).isEqualTo(14);
    }

    @Test
    void aFirstSessionOwesNothing() {
        SessionGap gap = new SessionGap(0);
        assertThat(gap.onSlot(0, 5 * SECOND_NANOS, SLOT_MICROS)).isZero();
        assertThat(gap.onSlot(0, 9 * SECOND_NANOS, SLOT_MICROS)).isZero();
        assertThat(gap.onEnd(SLOT_MICROS)).isZero();
    }

    @Test
    void aSessionThatEndsBeforeSettlingStillBooksItsGapOnce() {
        SessionGap gap = new SessionGap(SECOND_NANOS);
        assertThat(gap.onSlot(0, 3 * SECOND_NANOS, SLOT_MICROS)).isZero();
        assertThat(gap.onEnd(SLOT_MICROS)).as("2 s at 10 fps, less the slot filled before").isEqualTo(19);
        assertThat(gap.onEnd(SLOT_MICROS)).isZero();
    }
}
