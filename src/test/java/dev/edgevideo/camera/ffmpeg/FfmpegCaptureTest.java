package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.testing.BrokenCamera;
import dev.edgevideo.testing.Jpeg;
import dev.edgevideo.testing.StreamCorpus;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegCaptureTest {

    private static final FfmpegCapture.PacketGate EVERY_FRAME = (time, key) -> FfmpegCapture.PacketAction.DECODE;
    private static final FfmpegCapture.PacketGate KEYFRAMES_ALONE = (time, key) ->
            key ? FfmpegCapture.PacketAction.DECODE_ALONE : FfmpegCapture.PacketAction.SKIP;

    @TempDir
    static Path dir;
    static Path h264;
    static Path mjpeg;

    @BeforeAll
    static void writeClips() throws Exception {
        h264 = TestClips.h264(dir.resolve("clip.mp4"), 640, 360, 25, 2, 25);
        mjpeg = TestClips.mjpeg(dir.resolve("clip.avi"), 320, 240, 10, 1);
    }

    private static CaptureSettings settings(Path file, int maxWidth, int maxHeight) {
        return new CaptureSettings(file.toString(), "tcp", Duration.ofSeconds(5), Duration.ofSeconds(5), maxWidth,
                maxHeight, 5);
    }

    @Test
    void decodesH264AndEncodesTheCurrentFrameAsJpegOfTheRealSize() throws Exception {
        try (FfmpegCapture capture = FfmpegCapture.open(settings(h264, 0, 0))) {
            assertThat(capture.codecName()).isEqualTo("h264");
            assertThat(capture.isPassthrough()).isFalse();
            assertThat(capture.next(EVERY_FRAME)).isTrue();
            assertThat(capture.keyFrame()).as("a stream starts on a keyframe").isTrue();
            FfmpegCapture.EncodedFrame frame = capture.encodeCurrent();
            assertThat(Jpeg.hasMarkers(frame.jpeg())).isTrue();
            BufferedImage picture = Jpeg.decode(frame.jpeg());
            assertThat(picture.getWidth()).isEqualTo(640).isEqualTo(frame.width());
            assertThat(picture.getHeight()).isEqualTo(360).isEqualTo(frame.height());
        }
    }

    @Test
    void readsEveryFrameWithIncreasingTimestampsUntilTheEnd() throws Exception {
        try (FfmpegCapture capture = FfmpegCapture.open(settings(h264, 0, 0))) {
            int frames = 0;
            long last = Long.MIN_VALUE;
            while (capture.next(EVERY_FRAME)) {
                assertThat(capture.timestampMicros()).isGreaterThan(last);
                last = capture.timestampMicros();
                frames++;
            }
            assertThat(frames).isEqualTo(50);
            assertThat(last).isEqualTo(49 * 40_000L);
        }
    }

    @Test
    void rewindKeepsTimestampsIncreasing() throws Exception {
        try (FfmpegCapture capture = FfmpegCapture.open(settings(h264, 0, 0))) {
            long last = 0;
            while (capture.next(EVERY_FRAME)) {
                last = capture.timestampMicros();
            }
            capture.rewind();
            assertThat(capture.next(EVERY_FRAME)).isTrue();
            assertThat(capture.timestampMicros()).as("one frame after the last one of the first pass")
                    .isEqualTo(last + 40_000L);
        }
    }

    @Test
    void rewindPlaysTheWholeClipAgainInEveryContainer() throws Exception {
        // MPEG-TS, whose timestamps may jump, is re-opened: a seek by time landed 10 s into its 12 s clip.
        Set<String> containers = Set.of("h264-mpegts", "h264-ts-discontinuity", "h264-matroska", "h264-annexb",
                "h264-open-gop");
        StreamCorpus corpus = StreamCorpus.inTarget();
        for (StreamCorpus.Shape shape : StreamCorpus.smallShapes()) {
            if (!containers.contains(shape.name())) {
                continue;
            }
            try (FfmpegCapture capture = FfmpegCapture.open(settings(corpus.clip(shape).file(), 0, 0))) {
                int first = 0;
                while (capture.next(EVERY_FRAME)) {
                    first++;
                }
                capture.rewind();
                int second = 0;
                while (capture.next(EVERY_FRAME)) {
                    second++;
                }
                assertThat(second).as("frames of %s after a rewind", shape.name()).isEqualTo(first);
            }
        }
    }

    @Test
    void keyframeOnlyDecodingSkipsEveryOtherFrame() throws Exception {
        try (FfmpegCapture capture = FfmpegCapture.open(settings(h264, 0, 0))) {
            int frames = 0;
            while (capture.next(KEYFRAMES_ALONE)) {
                assertThat(capture.keyFrame()).isTrue();
                assertThat(capture.timestampMicros() % 1_000_000L).as("GOP 25 at 25 fps: one keyframe a second")
                        .isZero();
                assertThat(Jpeg.decode(capture.encodeCurrent().jpeg()).getWidth()).isEqualTo(640);
                frames++;
            }
            assertThat(frames).as("2 s of video, GOP 25").isEqualTo(2);
        }
    }

    @Test
    void downscalesInsideTheBoxKeepingTheAspectRatio() throws Exception {
        try (FfmpegCapture capture = FfmpegCapture.open(settings(h264, 320, 0))) {
            assertThat(capture.next(EVERY_FRAME)).isTrue();
            FfmpegCapture.EncodedFrame frame = capture.encodeCurrent();
            BufferedImage picture = Jpeg.decode(frame.jpeg());
            assertThat(picture.getWidth()).isEqualTo(320);
            assertThat(picture.getHeight()).isEqualTo(180);
        }
    }

    @Test
    void mjpegSourcesArePassedThroughWithoutReEncoding() throws Exception {
        byte[] passedThrough;
        try (FfmpegCapture capture = FfmpegCapture.open(settings(mjpeg, 0, 0))) {
            assertThat(capture.isPassthrough()).isTrue();
            assertThat(capture.next(EVERY_FRAME)).isTrue();
            FfmpegCapture.EncodedFrame frame = capture.encodeCurrent();
            passedThrough = frame.jpeg();
            assertThat(frame.width()).isEqualTo(320);
            assertThat(frame.height()).isEqualTo(240);
            assertThat(Jpeg.decode(passedThrough).getWidth()).isEqualTo(320);
        }
        try (FfmpegCapture resized = FfmpegCapture.open(settings(mjpeg, 160, 0))) {
            assertThat(resized.isPassthrough()).as("a resize needs a decode").isFalse();
            assertThat(resized.next(EVERY_FRAME)).isTrue();
            byte[] reEncoded = resized.encodeCurrent().jpeg();
            assertThat(Jpeg.decode(reEncoded).getWidth()).isEqualTo(160);
            assertThat(reEncoded).isNotEqualTo(passedThrough);
        }
    }

    @Test
    void aMissingFileFailsWithTheFileNameAndFfmpegsReason() {
        assertThatThrownBy(() -> FfmpegCapture.open(settings(dir.resolve("nope.mp4"), 0, 0)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("nope.mp4");
    }

    @Test
    void credentialsNeverAppearInErrors() {
        CaptureSettings refused = new CaptureSettings("rtsp://admin:secret@127.0.0.1:1/stream", "tcp",
                Duration.ofSeconds(2), Duration.ofSeconds(2), 0, 0, 5);
        assertThatThrownBy(() -> FfmpegCapture.open(refused))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("rtsp://***:***@127.0.0.1:1/stream")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void aSourceThatNeverAnswersDoesNotHoldUpOpeningAnother() throws Exception {
        try (BrokenCamera silent = new BrokenCamera(BrokenCamera.Behaviour.SILENT)) {
            CaptureSettings stuck = new CaptureSettings(silent.url(), "tcp", Duration.ofSeconds(3),
                    Duration.ofSeconds(3), 0, 0, 5);
            CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
                try (FfmpegCapture never = FfmpegCapture.open(stuck)) {
                    throw new AssertionError("a silent source opened");
                } catch (CaptureException e) {
                    // times out, as it should
                }
            });
            await().atMost(5, TimeUnit.SECONDS).until(() -> silent.acceptedConnections() > 0);
            long started = System.nanoTime();
            try (FfmpegCapture file = FfmpegCapture.open(settings(h264, 0, 0))) {
                file.rewind();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            opening.get(10, TimeUnit.SECONDS);
            assertThat(millis).as("ms to open, rewind and close a file while another session waits on a silent camera")
                    .isLessThan(1_500);
        }
    }
}
