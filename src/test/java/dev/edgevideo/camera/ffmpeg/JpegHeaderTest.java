package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class JpegHeaderTest {

    @Test
    void readsTheSizeAJpegDeclares() throws Exception {
        assertThat(JpegHeader.size(ByteBuffer.wrap(jpeg(640, 360)))).containsExactly(640, 360);
        assertThat(JpegHeader.size(ByteBuffer.wrap(jpeg(17, 5)))).containsExactly(17, 5);
    }

    @Test
    void readsFromTheBufferPositionAndLeavesItThere() throws Exception {
        byte[] jpeg = jpeg(320, 240);
        byte[] padded = new byte[jpeg.length + 7];
        System.arraycopy(jpeg, 0, padded, 7, jpeg.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded).position(7);
        assertThat(JpegHeader.size(buffer)).containsExactly(320, 240);
        assertThat(buffer.position()).isEqualTo(7);
    }

    @Test
    void garbageAndTruncatedHeadersHaveNoSize() throws Exception {
        byte[] garbage = new byte[20_000];
        new Random(1).nextBytes(garbage);
        assertThat(JpegHeader.size(ByteBuffer.wrap(garbage))).isNull();
        assertThat(JpegHeader.size(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8}))).isNull();
        byte[] jpeg = jpeg(320, 240);
        assertThat(JpegHeader.size(ByteBuffer.wrap(Arrays.copyOf(jpeg, 30)))).as("cut before the frame header")
                .isNull();
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        assertThat(JpegHeader.size(ByteBuffer.wrap(garbage))).as("a JPEG start followed by garbage").isNull();
    }

    private static byte[] jpeg(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", out);
        return out.toByteArray();
    }
}
