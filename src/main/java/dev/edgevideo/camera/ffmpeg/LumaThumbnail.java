package dev.edgevideo.camera.ffmpeg;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A tiny luma picture of a decoded frame ({@value #WIDTH}x{@value #HEIGHT} cells), read straight from the
 * picture's first plane (Y of every planar YUV format a video decoder gives) without swscale: each cell is the
 * mean of its pixels along one row through the middle of its band, so one row copy per thumbnail row. It costs a
 * small fraction of a JPEG encode (see the closing note of issue 14), so it can decide whether to encode at all.
 * <p>
 * It also carries a bit-exact hash of the rows it read (every pixel of {@value #HEIGHT} full rows): a camera
 * whose encoder froze repeats them exactly, a live sensor's noise never does. Reused from frame to frame; not
 * thread-safe.
 */
public final class LumaThumbnail {

    public static final int WIDTH = 32;
    public static final int HEIGHT = 18;
    public static final int SIZE = WIDTH * HEIGHT;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final byte[] cells = new byte[SIZE];
    private byte[] row = new byte[0];
    private long rowsHash;

    /** Reads the thumbnail of {@code picture}; its first plane must hold one byte per pixel in each row's start. */
    void read(AVFrame picture) {
        int width = picture.width();
        int height = picture.height();
        int stride = picture.linesize(0);
        if (row.length < width) {
            row = new byte[width];
        }
        BytePointer plane = picture.data(0);
        long hash = FNV_OFFSET;
        for (int ty = 0; ty < HEIGHT; ty++) {
            int y = (2 * ty + 1) * height / (2 * HEIGHT);
            plane.position((long) y * stride).get(row, 0, width);
            for (int tx = 0; tx < WIDTH; tx++) {
                int from = tx * width / WIDTH;
                int to = (tx + 1) * width / WIDTH;
                int sum = 0;
                for (int x = from; x < to; x++) {
                    int luma = row[x] & 0xff;
                    sum += luma;
                    hash = (hash ^ luma) * FNV_PRIME;
                }
                cells[ty * WIDTH + tx] = (byte) (sum / Math.max(1, to - from));
            }
        }
        plane.position(0);
        rowsHash = hash;
    }

    /** The cells, row by row, each the mean luma 0-255 of its band (unsigned bytes). */
    public byte[] cells() {
        return cells;
    }

    /** FNV-1a hash of every pixel read: equal for bit-exact equal pictures. */
    public long rowsHash() {
        return rowsHash;
    }

    /** Mean absolute difference of two thumbnails' cells, 0 (same) to 255. */
    public static double meanAbsoluteDifference(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("thumbnails differ in size: " + a.length + " and " + b.length);
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }
}
