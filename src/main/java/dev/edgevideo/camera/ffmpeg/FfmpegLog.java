package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_PANIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.Locale;

import dev.edgevideo.camera.UrlMasker;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own (process-wide) log as lines of the logger {@code dev.edgevideo.camera.ffmpeg.FFmpeg}, credentials
 * masked: errors and warnings at WARN, the rest (shown only when {@code ffmpeg-log-level} asks for it) at INFO.
 * Instead of FFmpeg's default, which writes to the process's stderr as it is: FFmpeg prints the URLs it opens,
 * credentials and all.
 * <p>
 * FFmpeg hands a line over in pieces (one {@code av_log} call each, the last ending with a line break), and a URL
 * may span two pieces: each thread's pieces are joined into the whole line before it is masked.
 */
public final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("dev.edgevideo.camera.ffmpeg.FFmpeg");
    /** Longest line kept before it is logged without its break, so a runaway message cannot grow without bound. */
    private static final int MAX_LINE = 8192;

    /** Held for the life of the process: FFmpeg keeps calling the native pointer of the callback. */
    private static final FfmpegLog INSTANCE = new FfmpegLog();

    private final ThreadLocal<StringBuilder> pending = ThreadLocal.withInitial(StringBuilder::new);

    FfmpegLog() {
    }

    /**
     * Sets FFmpeg's log level, by the names its {@code -loglevel} takes: quiet, panic, fatal, error, warning, info,
     * verbose or debug.
     */
    public static synchronized void apply(String name) {
        int level = switch (name.toLowerCase(Locale.ROOT)) {
            case "quiet" -> AV_LOG_QUIET;
            case "panic" -> AV_LOG_PANIC;
            case "fatal" -> AV_LOG_FATAL;
            case "error" -> AV_LOG_ERROR;
            case "warning" -> AV_LOG_WARNING;
            case "info" -> AV_LOG_INFO;
            case "verbose" -> AV_LOG_VERBOSE;
            case "debug" -> AV_LOG_DEBUG;
            default -> throw new IllegalArgumentException("camera component option 'ffmpegLogLevel' must be one of"
                    + " quiet, panic, fatal, error, warning, info, verbose, debug; was " + name);
        };
        av_log_set_level(level);
        // Quiet, FFmpeg's own callback drops every message natively; ours would cost a call into Java for each.
        if (level != AV_LOG_QUIET) {
            setLogCallback(INSTANCE);
        }
    }

    @Override
    public void call(int level, BytePointer message) {
        // With a callback of its own, FFmpeg no longer filters by its level: the callback must.
        if (level > av_log_get_level()) {
            return;
        }
        StringBuilder line = pending.get();
        line.append(message.getString());
        int end = line.length();
        if (end == 0 || (line.charAt(end - 1) != '\n' && end < MAX_LINE)) {
            return;
        }
        String text = UrlMasker.mask(line.toString().strip());
        line.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        if (level <= AV_LOG_WARNING) {
            LOG.warn("{}", text);
        } else {
            LOG.info("{}", text);
        }
    }
}
