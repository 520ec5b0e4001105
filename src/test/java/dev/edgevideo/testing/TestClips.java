package dev.edgevideo.testing;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes real test clips with JavaCV's bundled FFmpeg encoders (libopenh264, mjpeg): a moving pattern with the
 * frame number drawn on it, so every frame differs. Used by tests and to make the bundled demo clip:
 * {@code mvn -q exec:java} is not needed, run {@link #main} from the test class path.
 */
public final class TestClips {

    private static final Color STILL_COLOUR = new Color(70, 110, 90);

    private TestClips() {
    }

    /** An H.264 clip in MP4. */
    public static Path h264(Path file, int width, int height, int fps, int seconds, int gop) throws Exception {
        return write(file, "mp4", avcodec.AV_CODEC_ID_H264, AV_PIX_FMT_YUV420P, width, height, fps, seconds, gop);
    }

    /** An MJPEG clip in AVI. */
    public static Path mjpeg(Path file, int width, int height, int fps, int seconds) throws Exception {
        return write(file, "avi", avcodec.AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P, width, height, fps, seconds, 1);
    }

    /**
     * An H.264 clip in MP4 whose first {@code stillSeconds} are one flat colour, every pixel the same in every
     * frame (a still synthetic scene), and whose rest is the moving pattern.
     */
    public static Path h264StillThenMoving(Path file, int width, int height, int fps, int stillSeconds,
                                           int movingSeconds, int gop) throws Exception {
        int stillFrames = fps * stillSeconds;
        int frames = stillFrames + fps * movingSeconds;
        return write(file, "mp4", avcodec.AV_CODEC_ID_H264, AV_PIX_FMT_YUV420P, width, height, fps, frames, gop,
                (g, index) -> {
                    if (index < stillFrames) {
                        g.setColor(STILL_COLOUR);
                        g.fillRect(0, 0, width, height);
                    } else {
                        drawFrame(g, width, height, index, frames);
                    }
                });
    }

    /** An H.264 elementary stream in MPEG-TS, the container cameras and restreamers send over HTTP. */
    public static Path h264Ts(Path file, int width, int height, int fps, int seconds, int gop) throws Exception {
        return write(file, "mpegts", avcodec.AV_CODEC_ID_H264, AV_PIX_FMT_YUV420P, width, height, fps, seconds, gop);
    }

    /**
     * H.264 in MPEG-TS that changes resolution half-way, as a camera reconfigured while streaming: two segments, the
     * second of another size, concatenated (a TS stream can be cut and joined anywhere on packet boundaries).
     */
    public static Path h264TsChangingSize(Path file, int width, int height, int newWidth, int newHeight, int fps,
                                          int secondsEach) throws Exception {
        Path first = h264Ts(file.resolveSibling(file.getFileName() + ".1.ts"), width, height, fps, secondsEach, fps);
        Path second = h264Ts(file.resolveSibling(file.getFileName() + ".2.ts"),
                newWidth, newHeight, fps, secondsEach, fps);
        Files.write(file, Files.readAllBytes(first));
        Files.write(file, Files.readAllBytes(second), StandardOpenOption.APPEND);
        Files.delete(first);
        Files.delete(second);
        return file;
    }

    private static Path write(Path file, String format, int codec, int pixelFormat, int width, int height, int fps,
                              int seconds, int gop) throws Exception {
        int frames = fps * seconds;
        return write(file, format, codec, pixelFormat, width, height, fps, frames, gop,
                (g, index) -> drawFrame(g, width, height, index, frames));
    }

    private static Path write(Path file, String format, int codec, int pixelFormat, int width, int height, int fps,
                              int frames, int gop, Painter painter) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, height, 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat(format);
            recorder.setVideoCodec(codec);
            if (codec == avcodec.AV_CODEC_ID_H264) {
                recorder.setVideoCodecName("libopenh264");
                recorder.setVideoBitrate(width * height / 2);
            } else {
                recorder.setVideoQuality(5);
            }
            recorder.setPixelFormat(pixelFormat);
            recorder.setFrameRate(fps);
            recorder.setGopSize(gop);
            recorder.start();
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 8)));
            for (int i = 0; i < frames; i++) {
                painter.paint(g, i);
                recorder.record(converter.convert(image));
            }
            g.dispose();
            recorder.stop();
        }
        return file;
    }

    /** Paints frame {@code index} of a clip. */
    private interface Painter {
        void paint(Graphics2D g, int index);
    }

    private static void drawFrame(Graphics2D g, int width, int height, int index, int frames) {
        float hue = (float) index / frames;
        g.setColor(Color.getHSBColor(hue, 0.5f, 0.35f));
        g.fillRect(0, 0, width, height);
        int box = height / 4;
        int x = (int) ((width - box) * (0.5 + 0.5 * Math.sin(index * 0.08)));
        int y = (int) ((height - box) * (0.5 + 0.5 * Math.cos(index * 0.05)));
        g.setColor(Color.getHSBColor(1 - hue, 0.8f, 0.95f));
        g.fillOval(x, y, box, box);
        g.setColor(Color.WHITE);
        g.drawString("edge-video  #" + index, width / 20, height - height / 10);
    }

    /** Writes the bundled demo clip: {@code samples/demo-720p.mp4} (10 s of 720p H.264 at 25 fps, GOP 50). */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "samples/demo-720p.mp4");
        h264(target, 1280, 720, 25, 10, 50);
        System.out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
    }
}
