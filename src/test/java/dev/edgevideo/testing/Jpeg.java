package dev.edgevideo.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/** Checks on JPEG bytes: markers and the decoded picture. */
public final class Jpeg {

    private Jpeg() {
    }

    /** Starts with SOI (FF D8) and ends with EOI (FF D9). */
    public static boolean hasMarkers(byte[] jpeg) {
        return jpeg != null && jpeg.length > 4
               && (jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8
               && (jpeg[jpeg.length - 2] & 0xFF) == 0xFF && (jpeg[jpeg.length - 1] & 0xFF) == 0xD9;
    }

    /** Decodes the JPEG (so it must be valid) and returns the picture. */
    public static BufferedImage decode(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (image == null) {
            throw new IOException("not a decodable JPEG (" + jpeg.length + " bytes)");
        }
        return image;
    }
}
