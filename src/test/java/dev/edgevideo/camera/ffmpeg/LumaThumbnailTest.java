package dev.edgevideo.camera.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thumbnail, its score and its hash on pictures real FFmpeg decoded. */
class LumaThumbnailTest {

    private static final FfmpegCapture.PacketGate EVERY_FRAME = (time, key) -> FfmpegCapture.PacketAction.DECODE;

    /** The endpoint's default changeThreshold. */
    private static final double DEFAULT_THRESHOLD = 1.0;
    /** Frames between two samples of a 25 fps clip at the default 2 fps. */
    private static final int SAMPLE_EVERY = 12;

    @TempDir
    static Path dir;
    static Path stillThenMoving;
    static Path mjpeg;

    @BeforeAll
    static void writeClips() throws Exception {
        stillThenMoving = TestClips.h264StillThenMoving(dir.resolve("still.mp4"), 640, 360, 25, 2, 2, 25);
        mjpeg = TestClips.mjpeg(dir.resolve("clip.avi"), 320, 240, 10, 1);
    }

    private static FfmpegCapture open(Path file) throws CaptureException {
        return FfmpegCapture.open(new CaptureSettings(file.toString(), "tcp", Duration.ofSeconds(5),
                Duration.ofSeconds(5), 0, 0, 5));
    }

    /** Thumbnails (copied) and hashes of every SAMPLE_EVERY-th frame of a clip. */
    private static List<byte[]> samples(Path file, List<Long> hashes) throws CaptureException {
        List<byte[]> thumbnails = new ArrayList<>();
        try (FfmpegCapture capture = open(file)) {
            for (int i = 0; capture.next(EVERY_FRAME); i++) {
                if (i % SAMPLE_EVERY == 0) {
                    LumaThumbnail thumbnail = capture.thumbnail();
                    thumbnails.add(thumbnail.cells().clone());
                    hashes.add(thumbnail.rowsHash());
                }
            }
        }
        return thumbnails;
    }

    @Test
    void meanAbsoluteDifferenceIsTheAverageCellDifference() {
        byte[] a = new byte[LumaThumbnail.SIZE];
        byte[] b = new byte[LumaThumbnail.SIZE];
        assertThat(LumaThumbnail.meanAbsoluteDifference(a, b)).isZero();
        Arrays.fill(b, (byte) 200);
        assertThat(LumaThumbnail.meanAbsoluteDifference(a, b)).as("unsigned: 200, not -56").isEqualTo(200.0);
        b[0] = 0;
        b[1] = 0;
        assertThat(LumaThumbnail.meanAbsoluteDifference(b, a))
                .isEqualTo(200.0 * (LumaThumbnail.SIZE - 2) / LumaThumbnail.SIZE);
    }

    @Test
    void stillSceneScoresZeroAndHashesIdenticallyWhileMovingSceneScoresAboveTheDefault() throws Exception {
        List<Long> hashes = new ArrayList<>();
        List<byte[]> thumbnails = samples(stillThenMoving, hashes);
        // 2 s still and 2 s moving at 25 fps: samples 0-4 still (frames 0..48), 5-8 moving (60..96).
        for (int i = 1; i <= 4; i++) {
            assertThat(LumaThumbnail.meanAbsoluteDifference(thumbnails.get(i), thumbnails.get(0))).isZero();
            assertThat(hashes.get(i)).as("bit-exact repeat of a still picture").isEqualTo(hashes.get(0));
        }
        for (int i = 6; i < thumbnails.size(); i++) {
            double score = LumaThumbnail.meanAbsoluteDifference(thumbnails.get(i), thumbnails.get(i - 1));
            assertThat(score).as("moving sample %d", i).isGreaterThan(DEFAULT_THRESHOLD);
            assertThat(hashes.get(i)).isNotEqualTo(hashes.get(i - 1));
        }
    }

    @Test
    void demoClipScoresClearlyAboveTheDefaultThresholdAtTwoFramesPerSecond() throws Exception {
        List<byte[]> thumbnails = samples(RunningService.home().resolve("samples/demo-720p.mp4"), new ArrayList<>());
        double[] scores = new double[thumbnails.size() - 1];
        for (int i = 1; i < thumbnails.size(); i++) {
            scores[i - 1] = LumaThumbnail.meanAbsoluteDifference(thumbnails.get(i), thumbnails.get(i - 1));
        }
        Arrays.sort(scores);
        double lowest = scores[0];
        System.out.printf("demo clip: change score between 2 fps samples lowest %.2f, median %.2f%n", lowest,
                scores[scores.length / 2]);
        assertThat(lowest).isGreaterThan(2 * DEFAULT_THRESHOLD);
    }

    @Test
    void thumbnailCostsAFractionOfTheJpegEncodeItSaves() throws Exception {
        List<Long> thumbnailNanos = new ArrayList<>();
        List<Long> encodeNanos = new ArrayList<>();
        try (FfmpegCapture capture = open(RunningService.home().resolve("samples/demo-720p.mp4"))) {
            while (capture.next(EVERY_FRAME)) {
                long started = System.nanoTime();
                capture.thumbnail();
                long thumbnailed = System.nanoTime();
                capture.encodeCurrent();
                thumbnailNanos.add(thumbnailed - started);
                encodeNanos.add(System.nanoTime() - thumbnailed);
            }
        }
        long thumbnail = median(thumbnailNanos);
        long encode = median(encodeNanos);
        System.out.printf("720p: thumbnail median %.1f us, JPEG encode median %.1f us%n", thumbnail / 1000.0,
                encode / 1000.0);
        assertThat(thumbnail).isLessThan(encode / 5);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void mjpegPassedThroughHasNoThumbnail() throws Exception {
        try (FfmpegCapture capture = open(mjpeg)) {
            assertThat(capture.next(EVERY_FRAME)).isTrue();
            assertThat(capture.isPassthrough()).isTrue();
            assertThat(capture.thumbnail()).isNull();
        }
    }
}
