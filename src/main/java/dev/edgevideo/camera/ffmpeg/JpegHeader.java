package dev.edgevideo.camera.ffmpeg;

import java.nio.ByteBuffer;

/**
 * The picture size a JPEG declares in its frame header (SOFn), read without decoding: for MJPEG passed through,
 * whose JPEGs are never decoded, this is the only way to learn each frame's real size (the stream's parameters
 * keep the size of the first frame when a camera changes resolution) and to tell a picture from garbage.
 */
final class JpegHeader {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int SOS = 0xDA;

    private JpegHeader() {
    }

    /**
     * Width and height of the JPEG in {@code data} (from its position to its limit, which are left as they are), or
     * {@code null} when the bytes do not start with a JPEG header that declares a size before its picture data.
     */
    static int[] size(ByteBuffer data) {
        int start = data.position();
        int end = data.limit();
        if (end - start < 4 || u8(data, start) != MARKER || u8(data, start + 1) != SOI) {
            return null;
        }
        int i = start + 2;
        while (i + 4 <= end) {
            if (u8(data, i) != MARKER) {
                return null;
            }
            int marker = u8(data, i + 1);
            if (marker == MARKER) {
                i++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length
                continue;
            }
            if (marker == SOS) {
                return null; // picture data before any frame header
            }
            int length = u16(data, i + 2);
            if (isStartOfFrame(marker)) {
                if (i + 9 > end) {
                    return null;
                }
                int height = u16(data, i + 5);
                int width = u16(data, i + 7);
                return width > 0 && height > 0 ? new int[] {width, height} : null;
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    /** SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u8(ByteBuffer data, int index) {
        return data.get(index) & 0xFF;
    }

    private static int u16(ByteBuffer data, int index) {
        return (u8(data, index) << 8) | u8(data, index + 1);
    }
}
