package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.javacpp.BytePointer.strlen;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.edgevideo.camera.UrlMasker;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * A capture session could not open or read its source. The message names the camera source with its
 * credentials masked and, where FFmpeg gave an error code, what the code means. Every camera error is made here,
 * so cleaning JavaCV's text once covers the log, the API, the events, the health checks and the status page.
 */
public class CaptureException extends Exception {

    /**
     * Hints JavaCV appends to every error, written for its own developers: they say nothing about the camera and
     * would otherwise end every line of the log, the API, the events and the status page.
     */
    private static final Pattern JAVACV_HINTS = Pattern.compile(
            "\\s*\\((?:Has setFormat\\(\\) been called\\?|For more details, make sure FFmpegLogCallback\\.set\\(\\)"
            + " has been called\\.)\\)");
    private static final Pattern ERROR_CODE = Pattern.compile("error (-\\d+)");
    /** FFmpeg's own error codes (four-character tags), by the name its documentation and forums use. */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(avutil.AVERROR_INVALIDDATA, "AVERROR_INVALIDDATA"),
            Map.entry(avutil.AVERROR_EOF, "AVERROR_EOF"),
            Map.entry(avutil.AVERROR_EXIT, "AVERROR_EXIT"),
            Map.entry(avutil.AVERROR_PROTOCOL_NOT_FOUND, "AVERROR_PROTOCOL_NOT_FOUND"),
            Map.entry(avutil.AVERROR_DEMUXER_NOT_FOUND, "AVERROR_DEMUXER_NOT_FOUND"),
            Map.entry(avutil.AVERROR_DECODER_NOT_FOUND, "AVERROR_DECODER_NOT_FOUND"),
            Map.entry(avutil.AVERROR_STREAM_NOT_FOUND, "AVERROR_STREAM_NOT_FOUND"),
            Map.entry(avutil.AVERROR_OPTION_NOT_FOUND, "AVERROR_OPTION_NOT_FOUND"),
            Map.entry(avutil.AVERROR_PATCHWELCOME, "AVERROR_PATCHWELCOME"),
            Map.entry(avutil.AVERROR_BUG, "AVERROR_BUG"),
            Map.entry(avutil.AVERROR_UNKNOWN, "AVERROR_UNKNOWN"),
            Map.entry(avutil.AVERROR_HTTP_BAD_REQUEST, "AVERROR_HTTP_BAD_REQUEST"),
            Map.entry(avutil.AVERROR_HTTP_UNAUTHORIZED, "AVERROR_HTTP_UNAUTHORIZED"),
            Map.entry(avutil.AVERROR_HTTP_FORBIDDEN, "AVERROR_HTTP_FORBIDDEN"),
            Map.entry(avutil.AVERROR_HTTP_NOT_FOUND, "AVERROR_HTTP_NOT_FOUND"),
            Map.entry(avutil.AVERROR_HTTP_OTHER_4XX, "AVERROR_HTTP_OTHER_4XX"),
            Map.entry(avutil.AVERROR_HTTP_SERVER_ERROR, "AVERROR_HTTP_SERVER_ERROR"));

    public CaptureException(String message) {
        super(clean(UrlMasker.mask(message)));
    }

    public CaptureException(String message, Throwable cause) {
        super(clean(UrlMasker.mask(message)), cause);
    }

    /** A failed FFmpeg call: what was tried, then what FFmpeg's negative {@code errorCode} means. */
    CaptureException(String message, int errorCode) {
        this(message + ": " + describe(errorCode));
    }

    /**
     * The code in words, with the code itself for searching: {@code Connection refused (-111)},
     * {@code Invalid data found when processing input (AVERROR_INVALIDDATA)}.
     */
    static String describe(int errorCode) {
        String name = NAMES.getOrDefault(errorCode, Integer.toString(errorCode));
        try (BytePointer buffer = new BytePointer(256)) {
            if (av_strerror(errorCode, buffer, buffer.capacity()) == 0) {
                // Up to the terminating NUL only: the buffer's limit is its capacity, and the rest is not text.
                return buffer.limit(strlen(buffer)).getString() + " (" + name + ")";
            }
        }
        return "FFmpeg error " + name;
    }

    /**
     * A JavaCV error message without its developer hints and with {@code error -1094995529} spelled out:
     * {@code avformat_open_input() failed: Invalid data found when processing input (AVERROR_INVALIDDATA): ...}.
     */
    static String clean(String message) {
        String stripped = JAVACV_HINTS.matcher(message).replaceAll("");
        return ERROR_CODE.matcher(stripped).replaceAll(code -> {
            try {
                return Matcher.quoteReplacement("failed: " + describe(Integer.parseInt(code.group(1))));
            } catch (NumberFormatException e) {
                return Matcher.quoteReplacement(code.group());
            }
        });
    }
}
