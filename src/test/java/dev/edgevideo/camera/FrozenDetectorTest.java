package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrozenDetectorTest {

    private static final long SECOND = 1_000_000;

    @Test
    void identicalPicturesForFrozenAfterAreFrozenUntilThePictureChanges() {
        FrozenDetector detector = new FrozenDetector(3_000);
        assertThat(detector.observe(42, 0)).isFalse();
        assertThat(detector.observe(42, 2 * SECOND)).isFalse();
        assertThat(detector.observe(42, 3 * SECOND)).isTrue();
        assertThat(detector.observe(42, 9 * SECOND)).isTrue();
        assertThat(detector.observe(43, 10 * SECOND)).as("the first changed picture").isFalse();
        assertThat(detector.observe(43, 12 * SECOND)).as("same again counts from the change").isFalse();
    }

    @Test
    void aPictureThatChangesNowAndThenIsNeverFrozen() {
        FrozenDetector detector = new FrozenDetector(3_000);
        for (int i = 0; i < 20; i++) {
            assertThat(detector.observe(i / 4, i * SECOND / 2)).isFalse();
        }
    }

    @Test
    void zeroFrozenAfterTurnsTheDetectionOff() {
        FrozenDetector detector = new FrozenDetector(0);
        detector.observe(1, 0);
        assertThat(detector.observe(1, 3_600 * SECOND)).isFalse();
    }
}
