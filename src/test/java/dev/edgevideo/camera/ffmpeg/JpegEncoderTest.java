package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JpegEncoderTest {

    @Test
    void keepsTheSourceSizeWhenNoBoxIsGiven() {
        assertThat(JpegEncoder.fit(1280, 720, 0, 0)).containsExactly(1280, 720);
    }

    @Test
    void fitsInsideTheBoxKeepingTheAspect() {
        assertThat(JpegEncoder.fit(1920, 1080, 640, 0)).containsExactly(640, 360);
        assertThat(JpegEncoder.fit(1920, 1080, 0, 480)).containsExactly(852, 480);
        assertThat(JpegEncoder.fit(1920, 1080, 640, 640)).containsExactly(640, 360);
    }

    @Test
    void neverUpscales() {
        assertThat(JpegEncoder.fit(320, 240, 1280, 720)).containsExactly(320, 240);
    }

    @Test
    void sizesAreEvenForChromaSubsampling() {
        int[] size = JpegEncoder.fit(1280, 720, 333, 0);
        assertThat(size[0] % 2).isZero();
        assertThat(size[1] % 2).isZero();
    }
}
