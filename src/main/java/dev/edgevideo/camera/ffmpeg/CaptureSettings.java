package dev.edgevideo.camera.ffmpeg;

import java.time.Duration;
import java.util.Locale;

/**
 * What an FFmpeg session needs to open a source and encode its frames. Immutable.
 *
 * @param url            the source: rtsp(s)://, rtmp://, http(s):// (MJPEG or any container), or a file path
 * @param rtspTransport  RTSP lower transport: tcp, udp, http or https
 * @param connectTimeout how long opening the source may take
 * @param readTimeout    how long a read may stall before the session fails
 * @param maxWidth       downscale to at most this width, 0 for the source width
 * @param maxHeight      downscale to at most this height, 0 for the source height
 * @param quality        JPEG quantiser scale, 2 (best) to 31 (smallest), as FFmpeg's {@code -q:v}
 */
public record CaptureSettings(String url, String rtspTransport, Duration connectTimeout, Duration readTimeout,
                              int maxWidth, int maxHeight, int quality) {

    /** Whether the source is a local file (played in real time, may loop) rather than a network stream. */
    public boolean isFile() {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("file:") || !lower.contains("://");
    }

    /** The url as FFmpeg wants it: file: prefixes removed. */
    String ffmpegUrl() {
        return url.replaceFirst("^file:(//)?", "");
    }

    /**
     * Whether a packet of the source can be lost on the way (RTSP over UDP) rather than only delayed: then a keyframe
     * the decoder waits for may never come.
     */
    public boolean mayLosePackets() {
        return isRtsp() && "udp".equalsIgnoreCase(rtspTransport);
    }

    boolean isRtsp() {
        return url.toLowerCase(Locale.ROOT).startsWith("rtsp");
    }

    boolean resizes() {
        return maxWidth > 0 || maxHeight > 0;
    }
}
