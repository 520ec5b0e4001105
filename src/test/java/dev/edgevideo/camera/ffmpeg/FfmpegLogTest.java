package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.edgevideo.testing.CapturedLogs;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FfmpegLogTest {

    @AfterEach
    void quiet() {
        av_log_set_level(AV_LOG_QUIET);
    }

    @Test
    void aLineHandedOverInPiecesIsLoggedOnceWholeAndMasked() {
        av_log_set_level(AV_LOG_WARNING);
        try (CapturedLogs logs = CapturedLogs.capture()) {
            FfmpegLog log = new FfmpegLog();
            log.call(AV_LOG_WARNING, new BytePointer("[tcp @ 0x1] Opening 'rtsp://admin:s3"));
            log.call(AV_LOG_WARNING, new BytePointer("cret@cam.local/x' failed\n"));
            assertThat(logs.lines()).filteredOn(line -> line.contains("ffmpeg.FFmpeg"))
                    .containsExactly("WARN dev.edgevideo.camera.ffmpeg.FFmpeg [tcp @ 0x1] Opening"
                                     + " 'rtsp://***:***@cam.local/x' failed");
        }
    }

    @Test
    void messagesAboveFfmpegsLevelAreDropped() {
        av_log_set_level(AV_LOG_WARNING);
        try (CapturedLogs logs = CapturedLogs.capture()) {
            new FfmpegLog().call(AV_LOG_DEBUG, new BytePointer("probing\n"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("ffmpeg.FFmpeg"));
        }
    }
}
