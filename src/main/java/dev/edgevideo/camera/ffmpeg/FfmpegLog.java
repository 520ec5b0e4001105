package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import dev.edgevideo.camera.UrlMasker;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own log as lines of the logger {@code dev.edgevideo.camera.ffmpeg.FFmpeg}, credentials masked: errors
 * and warnings at WARN, the rest (shown only when {@code ffmpeg-log-level} asks for it) at INFO.
 * <p>
 * FFmpeg hands a line over in pieces (one {@code av_log} call each, the last ending with a line break), and a URL
 * may span two pieces: each thread's pieces are joined into the whole line before it is masked.
 */
final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("dev.edgevideo.camera.ffmpeg.FFmpeg");
    /** Longest line kept before it is logged without its break, so a runaway message cannot grow without bound. */
    private static final int MAX_LINE = 8192;

    /** Held for the life of the process: FFmpeg keeps calling the native pointer of the callback. */
    private static final FfmpegLog INSTANCE = new FfmpegLog();

    private final ThreadLocal<StringBuilder> pending = ThreadLocal.withInitial(StringBuilder::new);

    FfmpegLog() {
    }

    static synchronized void install() {
        setLogCallback(INSTANCE);
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
