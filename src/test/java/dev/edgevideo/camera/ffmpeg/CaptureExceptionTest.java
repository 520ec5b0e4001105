package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureExceptionTest {

    private static final String JAVACV_OPEN_FAILURE = "avformat_open_input() error -1094995529: Could not open input"
            + " \"http://127.0.0.1:1/cam\". (Has setFormat() been called?) (For more details, make sure"
            + " FFmpegLogCallback.set() has been called.)";

    @Test
    void namesFfmpegsOwnCodesAndSaysWhatTheyMean() {
        assertThat(CaptureException.describe(-1094995529))
                .isEqualTo("Invalid data found when processing input (AVERROR_INVALIDDATA)");
    }

    @Test
    void spellsOutSystemErrorCodesKeepingTheNumber() {
        assertThat(CaptureException.describe(-111)).isEqualTo("Connection refused (-111)");
    }

    @Test
    void stripsJavacvHintsAndSpellsOutTheCode() {
        assertThat(CaptureException.clean(JAVACV_OPEN_FAILURE)).isEqualTo(
                "avformat_open_input() failed: Invalid data found when processing input (AVERROR_INVALIDDATA):"
                + " Could not open input \"http://127.0.0.1:1/cam\".");
    }

    @Test
    void captureErrorsAreCleanWithCredentialsMasked() {
        CaptureException error = new CaptureException("cannot open rtsp://admin:s3cret@127.0.0.1:1/s:"
                + " avformat_open_input() error -111: Could not open input \"rtsp://admin:s3cret@127.0.0.1:1/s\"."
                + " (Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been"
                + " called.)");
        assertThat(error.getMessage())
                .contains("avformat_open_input() failed: Connection refused (-111)")
                .doesNotContain("s3cret", "setFormat", "FFmpegLogCallback", "error -111");
    }
}
