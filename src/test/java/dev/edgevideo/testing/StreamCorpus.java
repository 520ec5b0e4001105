package dev.edgevideo.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Test streams as real encoders make them (STYLE "Test streams"): clips written at test time by Debian's
 * {@code /usr/bin/ffmpeg} (libx264, libx265, mjpeg, aac) from a moving synthetic source, in the shapes cameras, NVRs
 * and recorders send: B-frames, B-pyramids, open and long GOPs, scene cuts, intra refresh, 10-bit HEVC, odd and
 * variable frame rates, audio beside the video, several containers, and broken timestamps.
 * <p>
 * Each clip is made once and kept under {@code target/stream-corpus/}, its file named after its shape and a hash
 * of the exact command lines that made it, so a changed recipe makes a new clip and a re-run reuses the old one.
 * A clip is kept only after {@code ffprobe} found in it what its name promises ({@link Shape#check}): a shape that
 * silently is not what it says (an encoder option ignored, a default changed) fails loudly, not as a green test of
 * the wrong stream. The probe is stored beside the clip and read back on later runs.
 */
public final class StreamCorpus {

    private static final String FFMPEG = "/usr/bin/ffmpeg";
    private static final String FFPROBE = "/usr/bin/ffprobe";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The small picture of the matrix: a 320x180 decode costs little, so many cameras fit on two cores. */
    public static final String SMALL = "320x180";
    /** Seconds of most clips: long enough for several GOPs, short enough that a 30 s window sees a loop. */
    private static final int SECONDS = 12;

    private final Path dir;

    public StreamCorpus(Path dir) {
        this.dir = dir;
    }

    /** The corpus of the checkout, under {@code target/stream-corpus/}: kept between runs, gone with a clean. */
    public static StreamCorpus inTarget() {
        return new StreamCorpus(RunningService.home().resolve("target/stream-corpus"));
    }

    // ---------------------------------------------------------------- shapes

    /**
     * How a clip is made and what it must be.
     *
     * @param name      the shape, also the clip's file name and the tests' case name
     * @param extension the container's file extension
     * @param parts     ffmpeg argument lists (input and encoding, not the output), one per part; the clip is their
     *                  parts' bytes concatenated, as a stream cut and joined on packet boundaries (MPEG-TS, MJPEG)
     * @param damage    what is done to the bytes after, e.g. corruption ({@link Damage#NONE}: nothing)
     * @param check     what ffprobe must find, with the words a failure prints
     */
    public record Shape(String name, String extension, List<List<String>> parts, Damage damage, Check check) {

        /** The same shape in another container. */
        Shape in(String newName, String newExtension, Check extra) {
            return new Shape(newName, newExtension, parts, damage, check.and(extra));
        }
    }

    /** What ffprobe must find in a clip. */
    public record Check(String expectation, Predicate<Probe> test) {

        static Check that(String expectation, Predicate<Probe> test) {
            return new Check(expectation, test);
        }

        Check and(Check other) {
            return new Check(expectation + "; " + other.expectation, test.and(other.test));
        }
    }

    /** Bytes overwritten after encoding; named, since the name is part of the cache key. */
    public record Damage(String name, DamageFunction function) {
        static final Damage NONE = new Damage("none", bytes -> { });
    }

    @FunctionalInterface
    public interface DamageFunction {
        void apply(byte[] clip);
    }

    /** A moving synthetic picture (testsrc2: colour bars, a moving gradient, a frame counter) at this size and rate. */
    static List<String> source(String size, String rate, int seconds) {
        return List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate, "-t", Integer.toString(seconds));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** H.264 from libx264 at x264's own defaults (preset medium: 3 B-frames, B-pyramid, keyint 250) plus options. */
    static List<String> x264(String... options) {
        return concat(List.of("-c:v", "libx264", "-pix_fmt", "yuv420p"), List.of(options));
    }

    static Shape h264(String name, Check check, String... options) {
        return new Shape(name, "mp4", List.of(concat(source(SMALL, "25", SECONDS), x264(options))), Damage.NONE,
                codec("h264").and(check));
    }

    static Shape atRate(String name, String rate) {
        return new Shape(name, "mp4", List.of(concat(source(SMALL, rate, SECONDS), x264())), Damage.NONE,
                codec("h264").and(Check.that("frame rate " + rate, p -> p.video().path("r_frame_rate").asText()
                        .equals(rate.contains("/") ? rate : rate + "/1"))));
    }

    static Shape hevc(String name, String pixelFormat, String profile) {
        return new Shape(name, "mp4", List.of(concat(source(SMALL, "25", SECONDS), List.of("-c:v", "libx265",
                "-pix_fmt", pixelFormat, "-x265-params", "log-level=error", "-tag:v", "hvc1"))), Damage.NONE,
                codec("hevc").and(bFrames()).and(profile(profile)));
    }

    static Check codec(String codec) {
        return Check.that("codec " + codec, p -> p.video().path("codec_name").asText().equals(codec));
    }

    static Check profile(String profile) {
        return Check.that("profile " + profile, p -> p.video().path("profile").asText().equals(profile));
    }

    static Check bFrames() {
        return Check.that("B-frames (has_b_frames > 0)", p -> p.video().path("has_b_frames").asInt() > 0);
    }

    /** Frames reordered two deep: a B-frame referenced by other B-frames. */
    static Check bPyramid() {
        return Check.that("a B-pyramid (has_b_frames >= 2)", p -> p.video().path("has_b_frames").asInt() >= 2);
    }

    static Check keyframeInterval(double seconds) {
        return Check.that("a keyframe every " + seconds + " s", p -> {
            List<Double> keys = p.keyframeTimes();
            for (int i = 1; i < keys.size(); i++) {
                if (Math.abs(keys.get(i) - keys.get(i - 1) - seconds) > 0.001) {
                    return false;
                }
            }
            return keys.size() >= 2;
        });
    }

    /**
     * Open GOP: a frame after a later keyframe in decode order is shown before it (a leading B-frame referencing
     * the previous GOP). A closed GOP ends on a P-frame, so nothing after a keyframe is shown before it.
     */
    static Check openGop() {
        return Check.that("an open GOP (leading B-frames after a keyframe)", p -> {
            List<Probe.Packet> packets = p.videoPackets();
            for (int i = 1; i < packets.size() - 1; i++) {
                if (packets.get(i).key() && packets.get(i + 1).pts() < packets.get(i).pts()) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Most shapes every camera can meet, each at 320x180. The x264/x265 options are the only difference from their
     * encoder's defaults, so every shape is what a user of that encoder gets.
     */
    public static List<Shape> smallShapes() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(h264("h264-baseline", profile("Constrained Baseline").and(
                Check.that("no B-frames", p -> p.video().path("has_b_frames").asInt() == 0)),
                "-profile:v", "baseline"));
        for (String profile : List.of("main", "high")) {
            for (int bf : new int[] {2, 3}) {
                shapes.add(h264("h264-" + profile + "-bf" + bf,
                        profile(profile.equals("main") ? "Main" : "High").and(bFrames()),
                        "-profile:v", profile, "-bf", Integer.toString(bf)));
            }
        }
        // Without B-frames and with a fixed GOP, as many cameras send: AUTO's GOP-tail saving holds here.
        shapes.add(h264("h264-baseline-gop-1s", profile("Constrained Baseline").and(keyframeInterval(1)),
                "-profile:v", "baseline", "-g", "25", "-sc_threshold", "0"));
        shapes.add(h264("h264-b-pyramid", bPyramid(), "-bf", "3", "-x264-params", "b-pyramid=normal"));
        // A 2 s GOP so that the 12 s clip holds several open-GOP joins.
        shapes.add(h264("h264-open-gop", openGop().and(bPyramid()), "-g", "50", "-x264-params",
                "open-gop=1:b-pyramid=normal"));
        for (int seconds : new int[] {1, 4, 10}) {
            // -sc_threshold 0: no scene-cut keyframes, so the GOP is exactly the asked length.
            Shape gop = h264("h264-gop-" + seconds + "s", keyframeInterval(seconds).and(bFrames()),
                    "-g", Integer.toString(25 * seconds), "-sc_threshold", "0");
            // A 10 s GOP needs a clip of two of them at least.
            shapes.add(seconds < 10 ? gop : withSeconds(gop, 25));
        }
        shapes.add(sceneCut());
        shapes.add(intraRefresh());
        shapes.add(hevc("hevc-main", "yuv420p", "Main"));
        shapes.add(hevc("hevc-main10", "yuv420p10le", "Main 10"));
        // A 1 s GOP of CRA keyframes: at 0.5 fps AUTO decodes them alone.
        shapes.add(new Shape("hevc-main-gop-1s", "mp4", List.of(concat(source(SMALL, "25", SECONDS), List.of("-c:v",
                "libx265", "-pix_fmt", "yuv420p", "-x265-params", "log-level=error:keyint=25:min-keyint=25:scenecut=0",
                "-tag:v", "hvc1"))), Damage.NONE, codec("hevc").and(bFrames()).and(keyframeInterval(1))));
        for (String rate : List.of("15", "25", "30000/1001", "30", "60")) {
            shapes.add(atRate("h264-fps-" + rate.replace("30000/1001", "29.97"), rate));
        }
        shapes.add(variableFrameRate());
        shapes.add(withAudio());
        // The 25 fps clip above is x264's defaults in MP4; the same stream in the other containers.
        Shape plain = shapes.stream().filter(shape -> shape.name().equals("h264-fps-25")).findFirst().orElseThrow();
        shapes.add(plain.in("h264-mpegts", "ts", format("mpegts")));
        shapes.add(plain.in("h264-matroska", "mkv", format("matroska,webm")));
        shapes.add(plain.in("h264-annexb", "h264", format("h264").and(Check.that("no timestamps",
                p -> p.videoPackets().stream().allMatch(packet -> packet.pts() == Probe.NO_PTS)))));
        shapes.add(tsDiscontinuity());
        shapes.add(corruptTs());
        return shapes;
    }

    /**
     * The bench's camera-like sources ({@code bench/run --source NAME}), 25 fps, 20 s: at 720p, x264 at its defaults
     * (B-frames, scene cuts, keyint 250), x264 with an open GOP and a B-pyramid, HEVC Main 10 with B-frames; at 1080p
     * with sensor noise, x264 High at its defaults at 4 Mbit/s and x265 at its defaults at 2 Mbit/s, the bit rates
     * cameras send; {@code null} for another name.
     */
    public static Shape benchShape(String name) {
        List<String> source = source("1280x720", "25", 20);
        return switch (name) {
            case "720p-x264" -> new Shape(name, "mp4", List.of(concat(source, x264())), Damage.NONE,
                    codec("h264").and(bFrames()));
            case "720p-x264-open-gop" -> new Shape(name, "mp4", List.of(concat(source, x264("-g", "50",
                    "-x264-params", "open-gop=1:b-pyramid=normal"))), Damage.NONE, codec("h264").and(openGop()));
            case "720p-hevc-main10" -> new Shape(name, "mp4", List.of(concat(source, List.of("-c:v", "libx265",
                    "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error", "-tag:v", "hvc1"))), Damage.NONE,
                    codec("hevc").and(bFrames()).and(profile("Main 10")));
            case "1080p-h264-camera" -> new Shape(name, "mp4", List.of(concat(cameraLike(), x264("-b:v", "4M"))),
                    Damage.NONE, codec("h264").and(profile("High")).and(bFrames()).and(size("1920x1080")));
            case "1080p-hevc-camera" -> new Shape(name, "mp4", List.of(concat(cameraLike(), List.of("-c:v", "libx265",
                    "-pix_fmt", "yuv420p", "-b:v", "2M", "-x265-params", "log-level=error", "-tag:v", "hvc1"))),
                    Damage.NONE, codec("hevc").and(bFrames()).and(size("1920x1080")));
            default -> null;
        };
    }

    /**
     * A camera's picture: 1080p at 25 fps for 20 s, with the sensor noise every camera has (temporal, so every frame
     * differs everywhere, as a real sensor's do, and the encoder cannot skip it).
     */
    private static List<String> cameraLike() {
        return concat(source("1920x1080", "25", 20), List.of("-vf", "noise=alls=8:allf=t"));
    }

    private static Check size(String size) {
        return Check.that(size, p -> (p.video().path("width").asInt() + "x" + p.video().path("height").asInt())
                .equals(size));
    }

    /** The big pictures: one short 1080p and one short 4K clip (x264 veryfast, still with B-frames: cheap to make). */
    public static List<Shape> bigShapes() {
        return List.of(big("h264-1080p", "1920x1080", "25", 4), big("h264-4k", "3840x2160", "15", 3));
    }

    private static Shape big(String name, String size, String rate, int seconds) {
        return new Shape(name, "mp4", List.of(concat(source(size, rate, seconds), x264("-preset", "veryfast"))),
                Damage.NONE, codec("h264").and(bFrames()).and(size(size)));
    }

    private static Shape withSeconds(Shape shape, int seconds) {
        List<String> args = new ArrayList<>(shape.parts().get(0));
        args.set(args.indexOf("-t") + 1, Integer.toString(seconds));
        return new Shape(shape.name(), shape.extension(), List.of(args), shape.damage(), shape.check());
    }

    private static Check format(String name) {
        return Check.that("container " + name, p -> p.format().equals(name));
    }

    /**
     * x264's defaults (keyint 250, scene-cut detection) on a source that cuts between different pictures at
     * irregular times: keyframes at the cuts, so the GOP length varies.
     */
    private static Shape sceneCut() {
        String graph = "testsrc2=s=320x180:r=25:d=2.3[a];testsrc=s=320x180:r=25:d=1.7[b];"
                       + "life=s=320x180:r=25:mold=10:ratio=0.5,trim=duration=3.1[c];"
                       + "cellauto=s=320x180:r=25:rule=110,trim=duration=1.3[d];"
                       + "gradients=s=320x180:r=25:speed=0.05,trim=duration=3.6[e];"
                       + "[a][b][c][d][e]concat=n=5:v=1:a=0[v]";
        return new Shape("h264-scene-cut", "mp4", List.of(concat(List.of("-filter_complex", graph, "-map", "[v]"),
                x264())), Damage.NONE, codec("h264").and(Check.that("keyframes at irregular intervals", p -> {
                    List<Double> keys = p.keyframeTimes();
                    return keys.size() >= 4 && keys.get(2) - keys.get(1) != keys.get(3) - keys.get(2);
                })));
    }

    /**
     * Periodic intra refresh: a column of intra blocks sweeps the picture once a second and only the first frame
     * is an IDR. x264 still flags the start of each sweep as a keyframe (a recovery point), so the check counts IDR
     * NAL units in the Annex-B bitstream rather than trusting the container's keyframe flags.
     */
    private static Shape intraRefresh() {
        return new Shape("h264-intra-refresh", "ts", List.of(concat(source(SMALL, "25", SECONDS),
                x264("-g", "25", "-x264-params", "intra-refresh=1"))), Damage.NONE,
                codec("h264").and(Check.that("one IDR, then intra refresh only", p -> p.idrCount() == 1)));
    }

    /** Frames dropped in an irregular pattern (every 7th and every 11th), kept with their times: gaps of 1-3 frames. */
    private static Shape variableFrameRate() {
        return new Shape("h264-vfr", "mp4", List.of(concat(source(SMALL, "25", SECONDS), concat(List.of(
                "-vf", "select='not(eq(mod(n\\,7)\\,3))*not(eq(mod(n\\,11)\\,5))'", "-vsync", "vfr"), x264()))),
                Damage.NONE, codec("h264").and(Check.that("frame intervals that vary", p -> p.maxFrameInterval()
                        > 1.5 * p.minFrameInterval())));
    }

    private static Shape withAudio() {
        List<String> args = new ArrayList<>(source(SMALL, "25", SECONDS));
        args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-shortest",
                "-c:a", "aac", "-b:a", "64k"));
        args.addAll(x264());
        return new Shape("h264-aac-audio", "mp4", List.of(args), Damage.NONE, codec("h264").and(
                Check.that("an AAC audio track", p -> p.hasStream("audio", "aac"))));
    }

    /**
     * An MPEG-TS stream whose timestamps jump, as when a recorder or restreamer splices segments: three 4 s
     * segments joined on packet boundaries, the second 100 s ahead of the first, the third starting again where
     * the first did.
     */
    private static Shape tsDiscontinuity() {
        List<List<String>> parts = new ArrayList<>();
        for (int offset : new int[] {0, 100, 0}) {
            parts.add(concat(source(SMALL, "25", 4), concat(x264("-g", "25"), List.of("-output_ts_offset",
                    Integer.toString(offset), "-f", "mpegts"))));
        }
        return new Shape("h264-ts-discontinuity", "ts", parts, Damage.NONE, codec("h264").and(Check.that(
                "a forward and a backward timestamp jump", p -> p.timestampJumps(10) >= 2)));
    }

    /**
     * H.264 in MPEG-TS with bytes overwritten in the payload of some packets after the first GOP, as a lossy link
     * or a failing disk leaves them: the TS framing (sync byte, header) stays, the slices are broken.
     */
    private static Shape corruptTs() {
        Damage damage = new Damage("payload-noise-from-40pct-every-50th-packet-x12", clip -> {
            Random random = new Random(19);
            int packets = clip.length / 188;
            for (int n = 0, packet = packets * 4 / 10; n < 12 && packet < packets; n++, packet += 50) {
                byte[] noise = new byte[188 - 12];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, clip, packet * 188 + 12, noise.length);
            }
        });
        return new Shape("h264-corrupt", "ts", List.of(concat(source(SMALL, "25", SECONDS), concat(x264("-g", "25"),
                List.of("-f", "mpegts")))), damage, codec("h264").and(Check.that("errors when decoded",
                Probe::hasDecodeErrors)));
    }

    /** A stream of JPEGs (an MJPEG camera's frames) in this chroma subsampling, 20 distinct pictures. */
    public static Shape mjpeg(String name, String pixelFormat) {
        return new Shape(name, "mjpeg", List.of(List.of("-f", "lavfi", "-i", "testsrc2=size=" + SMALL + ":rate=20",
                "-frames:v", "20", "-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", pixelFormat, "-f", "mjpeg")),
                Damage.NONE, Check.that("pixel format " + pixelFormat,
                p -> p.video().path("pix_fmt").asText().equals(pixelFormat)));
    }

    // ---------------------------------------------------------------- making and probing

    /** A clip made and verified, with what ffprobe found in it. */
    public record Clip(Shape shape, Path file, Probe probe) {
    }

    /** The clip of this shape: the cached one, or made now, probed and checked. */
    public Clip clip(Shape shape) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve(shape.name() + "-" + key(shape) + "." + shape.extension());
        Path probeFile = file.resolveSibling(file.getFileName() + ".probe.json");
        if (Files.exists(file) && Files.exists(probeFile)) {
            return new Clip(shape, file, new Probe(JSON.readTree(probeFile.toFile()), file));
        }
        long start = System.nanoTime();
        Path made = make(shape, file);
        Probe probe = Probe.of(made);
        if (!shape.check().test().test(probe)) {
            throw new AssertionError("clip " + shape.name() + " is not what its name says: expected "
                                     + shape.check().expectation() + "; ffprobe found " + probe.summary()
                                     + " (kept for a look: " + made + ")");
        }
        Files.write(probeFile, JSON.writeValueAsBytes(probe.json()));
        Files.move(made, file, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "stream corpus: made %s in %.1f s: %s%n", file.getFileName(),
                (System.nanoTime() - start) / 1e9, probe.summary());
        return new Clip(shape, file, new Probe(probe.json(), file));
    }

    private Path make(Shape shape, Path file) throws IOException, InterruptedException {
        Path made = file.resolveSibling(file.getFileName() + ".new." + shape.extension());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < shape.parts().size(); i++) {
            Path part = file.resolveSibling(file.getFileName() + ".part" + i + "." + shape.extension());
            run(ffmpegCommand(shape.parts().get(i), part));
            joined.write(Files.readAllBytes(part));
            Files.delete(part);
        }
        byte[] bytes = joined.toByteArray();
        shape.damage().function().apply(bytes);
        Files.write(made, bytes);
        return made;
    }

    private static List<String> ffmpegCommand(List<String> args, Path out) {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-nostdin", "-v", "error", "-y"));
        command.addAll(args);
        command.add(out.toString());
        return command;
    }

    /** The cache key: the recipe's exact command lines (the output path aside) and damage. */
    private static String key(Shape shape) {
        StringBuilder recipe = new StringBuilder(FFMPEG);
        shape.parts().forEach(part -> recipe.append('\n').append(String.join(" ", part)));
        recipe.append('\n').append(shape.damage().name());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(recipe.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end; its output is returned, a failure thrown with it. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("did not finish in 3 minutes: " + String.join(" ", command));
        }
        String text = new String(output.join(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + text);
        }
        return text;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** What ffprobe says about a clip: its streams, its container and its video packets in decode order. */
    public record Probe(JsonNode json, Path file) {

        public static final long NO_PTS = Long.MIN_VALUE;

        /** A video packet: presentation time in the stream's time base, keyframe flag. */
        public record Packet(long pts, boolean key) {
        }

        static Probe of(Path file) throws IOException, InterruptedException {
            String json = run(List.of(FFPROBE, "-v", "error", "-show_entries",
                    "stream=index,codec_type,codec_name,profile,pix_fmt,has_b_frames,width,height,r_frame_rate,"
                    + "avg_frame_rate,time_base:format=format_name:packet=stream_index,pts,flags", "-of", "json",
                    file.toString()));
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            return new Probe(node, file);
        }

        public JsonNode video() {
            for (JsonNode stream : json.path("streams")) {
                if (stream.path("codec_type").asText().equals("video")) {
                    return stream;
                }
            }
            throw new AssertionError("no video stream in " + file);
        }

        public boolean hasStream(String type, String codec) {
            for (JsonNode stream : json.path("streams")) {
                if (stream.path("codec_type").asText().equals(type)
                        && stream.path("codec_name").asText().equals(codec)) {
                    return true;
                }
            }
            return false;
        }

        public String format() {
            return json.path("format").path("format_name").asText();
        }

        public List<Packet> videoPackets() {
            int index = video().path("index").asInt();
            List<Packet> packets = new ArrayList<>();
            for (JsonNode packet : json.path("packets")) {
                if (packet.path("stream_index").asInt() == index) {
                    packets.add(new Packet(packet.has("pts") ? packet.path("pts").asLong() : NO_PTS,
                            packet.path("flags").asText().startsWith("K")));
                }
            }
            return packets;
        }

        /** Seconds per time-base unit of the video stream. */
        private double timeBase() {
            String[] parts = video().path("time_base").asText("1/90000").split("/");
            return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
        }

        /** Presentation times of the keyframes, in seconds. */
        public List<Double> keyframeTimes() {
            return videoPackets().stream().filter(Packet::key).map(p -> p.pts() * timeBase()).toList();
        }

        /** Presentation times of the video frames in presentation order, in seconds. */
        private List<Double> presentationTimes() {
            return videoPackets().stream().filter(p -> p.pts() != NO_PTS).map(p -> p.pts() * timeBase()).sorted()
                    .toList();
        }

        /** The frame rate the stream declares (its nominal rate), frames per second. */
        public double nominalFps() {
            String[] parts = video().path("r_frame_rate").asText().split("/");
            return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
        }

        /** Frames per second averaged over the clip (the rate a variable-rate stream really has). */
        public double averageFps() {
            String[] parts = video().path("avg_frame_rate").asText("0/0").split("/");
            double average = parts.length == 2 && !parts[1].equals("0")
                    ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : 0;
            return average > 0 ? average : nominalFps();
        }

        /**
         * The longest interval between consecutive frames in presentation order, in seconds, timestamp jumps (over
         * 1 s) aside; the nominal interval when the stream has no timestamps.
         */
        public double maxFrameInterval() {
            return intervals().stream().mapToDouble(Double::doubleValue).max().orElse(1 / nominalFps());
        }

        public double minFrameInterval() {
            return intervals().stream().mapToDouble(Double::doubleValue).min().orElse(1 / nominalFps());
        }

        private List<Double> intervals() {
            // Timestamp jumps (spliced segments) are not frame intervals: only intervals under 1 s count.
            List<Double> times = presentationTimes();
            List<Double> intervals = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                double interval = times.get(i) - times.get(i - 1);
                if (interval > 0.0005 && interval < 1) {
                    intervals.add(interval);
                }
            }
            return intervals;
        }

        /** Jumps of the presentation time by more than {@code seconds}, forward or back, in decode order. */
        public int timestampJumps(double seconds) {
            List<Packet> packets = videoPackets();
            int jumps = 0;
            for (int i = 1; i < packets.size(); i++) {
                if (Math.abs(packets.get(i).pts() - packets.get(i - 1).pts()) * timeBase() > seconds) {
                    jumps++;
                }
            }
            return jumps;
        }

        /** IDR pictures in the clip (H.264). Worked out when a check asks, and kept in the stored probe. */
        public int idrCount() {
            return extra("idr_count", () -> idrCount(file));
        }

        /** Whether FFmpeg's decoder reports errors decoding the clip. Worked out when a check asks, then kept. */
        public boolean hasDecodeErrors() {
            return extra("decode_errors", () -> decodeErrors(file)) > 0;
        }

        /** A figure that needs another pass over the clip: made once, when first asked for, then stored. */
        private int extra(String key, Pass pass) {
            if (!json.has(key)) {
                try {
                    ((ObjectNode) json).put(key, pass.run());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return json.path(key).asInt();
        }

        @FunctionalInterface
        private interface Pass {
            int run() throws IOException, InterruptedException;
        }

        public String summary() {
            JsonNode video = video();
            return String.format("%s %s %s %dx%d b-frames %d, %s fps (avg %s), container %s, %d keyframes, "
                                 + "idr %d, %d timestamp jumps, decode errors %d",
                    video.path("codec_name").asText(), video.path("profile").asText(), video.path("pix_fmt").asText(),
                    video.path("width").asInt(), video.path("height").asInt(), video.path("has_b_frames").asInt(),
                    video.path("r_frame_rate").asText(), video.path("avg_frame_rate").asText(), format(),
                    keyframeTimes().size(), json.path("idr_count").asInt(-1), timestampJumps(10),
                    json.path("decode_errors").asInt(-1));
        }

        /** IDR NAL units (type 5) in the Annex-B bitstream, each access unit's first slice counted once. */
        private static int idrCount(Path file) throws IOException, InterruptedException {
            Path annexB = Files.createTempFile("idr", ".h264");
            try {
                run(List.of(FFMPEG, "-v", "error", "-nostdin", "-y", "-i", file.toString(), "-map", "0:v:0",
                        "-c", "copy", "-f", "h264", annexB.toString()));
                byte[] bytes = Files.readAllBytes(annexB);
                int idr = 0;
                for (int i = 0; i + 4 < bytes.length; i++) {
                    if (bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 1) {
                        int type = bytes[i + 3] & 0x1f;
                        // first_mb_in_slice == 0 (ue(v) 0 encodes as a leading 1 bit) starts a new picture
                        boolean firstSlice = (bytes[i + 4] & 0x80) != 0;
                        if (type == 5 && firstSlice) {
                            idr++;
                        }
                        i += 2;
                    }
                }
                return idr;
            } finally {
                Files.deleteIfExists(annexB);
            }
        }

        /** Error lines FFmpeg's decoder prints decoding the whole clip. */
        private static int decodeErrors(Path file) throws IOException, InterruptedException {
            String output = run(List.of(FFMPEG, "-v", "error", "-nostdin", "-i", file.toString(), "-map", "0:v:0",
                    "-f", "null", "-"));
            return (int) output.lines().filter(line -> !line.isBlank()).count();
        }
    }

    /** Splits an MJPEG stream (JPEGs back to back) into its pictures, on the SOI/EOI markers. */
    public static List<byte[]> jpegs(Path mjpegStream) throws IOException {
        byte[] bytes = Files.readAllBytes(mjpegStream);
        List<byte[]> pictures = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd8 && start < 0) {
                start = i;
            } else if ((bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9 && start >= 0) {
                pictures.add(Arrays.copyOfRange(bytes, start, i + 2));
                start = -1;
            }
        }
        return pictures;
    }
}
