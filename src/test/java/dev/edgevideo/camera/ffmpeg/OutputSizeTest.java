package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputSizeTest {

    @Test
    void keepsTheSourceSizeWhenNoBoxIsGiven() {
        assertThat(OutputSize.fit(1280, 720, 0, 0)).containsExactly(1280, 720);
    }

    @Test
    void fitsInsideTheBoxKeepingTheAspect() {
        assertThat(OutputSize.fit(1920, 1080, 640, 0)).containsExactly(640, 360);
        assertThat(OutputSize.fit(1920, 1080, 0, 480)).containsExactly(852, 480);
        assertThat(OutputSize.fit(1920, 1080, 640, 640)).containsExactly(640, 360);
    }

    @Test
    void neverUpscales() {
        assertThat(OutputSize.fit(320, 240, 1280, 720)).containsExactly(320, 240);
    }

    @Test
    void sizesAreEvenForChromaSubsampling() {
        int[] size = OutputSize.fit(1280, 720, 333, 0);
        assertThat(size[0] % 2).isZero();
        assertThat(size[1] % 2).isZero();
    }
}
