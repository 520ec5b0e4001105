package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_PANIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.Locale;

/**
 * Sets the level of FFmpeg's own (process-wide) log, by the names FFmpeg's {@code -loglevel} takes, and sends that
 * log through {@link FfmpegLog} (masked, into the service's log) instead of FFmpeg's default, which writes to the
 * process's stderr as it is: FFmpeg prints the URLs it opens, credentials and all.
 */
public final class FfmpegLogLevel {

    private FfmpegLogLevel() {
    }

    /** @param name quiet, panic, fatal, error, warning, info, verbose or debug */
    public static void apply(String name) {
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
            FfmpegLog.install();
        }
    }
}
