package dev.edgevideo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.GstRtspServer;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.StreamCorpus;
import dev.edgevideo.testing.TestClips;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * {@code bench/run [--mode compare|capacity|change|decode|stress|soak] [--cameras N] [--seconds S] [--source NAME] [--fps F]
 * [--decode AUTO|ALL|KEYFRAMES] [--no-baseline] [--heap SIZE] [--from N] [--step N] [--to N]}; the options of
 * the memory modes are in {@link MemoryStress} and {@link ChaosSoak}.
 * <p>
 * Sources: {@code 720p-gop50} (default), {@code 720p-gop25}, {@code 1080p-gop50}, {@code 1080p-gop25}:
 * H.264 at 25 fps made here with openh264; {@code 720p-mjpeg}: MJPEG; the camera-like clips Debian's ffmpeg makes
 * ({@link StreamCorpus#benchShape}); {@code rtsp-720p}, {@code rtsp-1080p}: a live RTSP camera (GStreamer's server,
 * {@link GstRtspServer#camera}) that the service and the baselines all read, so nobody paces a file. Results are
 * printed and appended to {@code target/bench/results.md}.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** JPEG quality (-q:v) of the baselines and the floor: the service's default, which the bench does not change. */
    private static final int QUALITY = 5;
    /** The live sources: name, picture size, bit rate in kbit/s; 25 fps, a keyframe every 2 s, as cameras send. */
    private static final Map<String, String[]> LIVE = Map.of("rtsp-720p", new String[] {"1280x720", "2048"},
            "rtsp-1080p", new String[] {"1920x1080", "4096"});

    private final Path home = RunningService.home();
    private final Path work = home.resolve("target/bench");
    private final Map<String, String> options;

    private Bench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("no-baseline")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
        }
        new Bench(options).run();
        System.exit(0);
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    Path work() {
        return work;
    }

    /** Appends a report to target/bench/results.md. */
    void append(String report) throws IOException {
        Files.writeString(work.resolve("results.md"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        ServiceRun.requireFile(home.resolve("target/edge-video.jar"));
        String mode = option("mode", "compare");
        switch (mode) {
            case "compare" -> compare();
            case "capacity" -> capacity();
            case "change" -> publishOnChange();
            case "decode" -> decodeStrategy();
            case "stress" -> new MemoryStress(this).run();
            case "soak" -> new ChaosSoak(this).run();
            default -> throw new IllegalArgumentException("unknown --mode " + mode
                                                          + ": compare, capacity, change, decode, stress or soak");
        }
    }

    /** A source to read: a clip (played looped, in real time) or a live RTSP camera, which closing stops. */
    private record Source(String url, boolean live, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }

    private Source source(String name) throws Exception {
        String[] live = LIVE.get(name);
        if (live == null) {
            return new Source(clip(name).toString(), false, null);
        }
        GstRtspServer server = GstRtspServer.camera(work, live[0], 25, 50, Integer.parseInt(live[1]));
        return new Source(server.url(), true, server);
    }

    Path clip(String source) throws Exception {
        if (LIVE.containsKey(source)) {
            throw new IllegalArgumentException("--source " + source + " is live: only --mode compare reads it;"
                                               + " give another mode a clip, e.g. --source 720p-gop50");
        }
        Path clips = work.resolve("clips");
        Path file = clips.resolve(source + (source.endsWith("mjpeg") ? ".avi" : ".mp4"));
        if (Files.isRegularFile(file)) {
            return file;
        }
        System.out.println("making clip " + file.getFileName() + " ...");
        return switch (source) {
            case "720p-gop50" -> TestClips.h264(file, 1280, 720, 25, 20, 50);
            case "720p-gop25" -> TestClips.h264(file, 1280, 720, 25, 20, 25);
            case "1080p-gop50" -> TestClips.h264(file, 1920, 1080, 25, 20, 50);
            case "1080p-gop25" -> TestClips.h264(file, 1920, 1080, 25, 20, 25);
            case "720p-mjpeg" -> TestClips.mjpeg(file, 1280, 720, 25, 20);
            // Half the time a still scene (a night aisle), half a moving one: what publishOn=change is for.
            case "720p-half-still" -> TestClips.h264StillThenMoving(file, 1280, 720, 25, 10, 10, 50);
            default -> {
                StreamCorpus.Shape shape = StreamCorpus.benchShape(source);
                if (shape == null) {
                    throw new IllegalArgumentException("unknown --source " + source);
                }
                yield new StreamCorpus(clips).clip(shape).file();
            }
        };
    }

    // ------------------------------------------------------------------------------------------ compare

    private void compare() throws Exception {
        int cameras = Integer.parseInt(option("cameras", "10"));
        int seconds = Integer.parseInt(option("seconds", "60"));
        double fps = Double.parseDouble(option("fps", "2"));
        String source = option("source", "720p-gop50");
        String decode = option("decode", "AUTO");
        StringBuilder table = new StringBuilder();
        try (Source input = source(source)) {
            System.out.println("floor: FFmpeg decoding every frame on one thread ...");
            // Two passes, the least taken: the machine's noise only ever adds. A live source: 10 s a pass.
            Floor floor = Floor.measure(input.url(), input.live(), 2, 250, QUALITY);
            double floorCpu = floor.cpuPerStreamMinute(fps);
            List<Row> rows = new ArrayList<>();
            rows.add(measureService(input.url(), cameras, fps, seconds, "decodeMode", decode));
            if (!options.containsKey("no-baseline")) {
                for (BaselineRun.Design design : BaselineRun.Design.values()) {
                    rows.add(measureBaseline(design, input.url(), input.live(), cameras, fps, seconds));
                }
            }
            table.append(String.format(Locale.ROOT, "%n### %s, %d cameras, %s fps, %d s, service warm-up %s s (%s)%n%n",
                    source, cameras, trim(fps), seconds, option("warmup", "5"), now()));
            table.append(Row.HEADER);
            for (Row row : rows) {
                row.floorRatio = row.cpuPerCameraMinute / floorCpu;
                table.append(row.markdown()).append('\n');
            }
            table.append('\n').append(floor.describe(fps, QUALITY)).append('\n');
            Row service = rows.get(0);
            if (rows.size() == 3) {
                Row seed = rows.get(1);
                Row careful = rows.get(2);
                // The stronger spends less CPU for every frame: one that fell behind spends less by delivering less.
                boolean carefulHeld = careful.delivered >= HOLDS || seed.delivered < HOLDS;
                Row stronger = careful.cpuPerCameraMinute < seed.cpuPerCameraMinute && carefulHeld ? careful : seed;
                table.append(String.format(Locale.ROOT, "%nCPU ratio edge-video / baseline: **%.2f**; / careful"
                        + " baseline: **%.2f**; against the stronger (%s): **%.2f**%n",
                        service.cpuPerCameraMinute / seed.cpuPerCameraMinute,
                        service.cpuPerCameraMinute / careful.cpuPerCameraMinute,
                        stronger == careful ? "careful" : "seed",
                        service.cpuPerCameraMinute / stronger.cpuPerCameraMinute));
                for (Row row : rows) {
                    if (row.delivered < HOLDS) {
                        table.append(String.format(Locale.ROOT, "%n%s delivered %.1f %% (< %.0f %%): it fell behind,"
                                + " and its CPU figure flatters it%n", row.name, 100 * row.delivered, 100 * HOLDS));
                    }
                }
            }
        }
        System.out.println(table);
        append(table.toString());
    }

    /** The service with N cameras on the clip for one window; cameraParameters: template parameters, name, value. */
    private Row measureService(String source, int cameras, double fps, int seconds, String... cameraParameters)
            throws Exception {
        System.out.printf("edge-video: %d cameras ...%n", cameras);
        Map<String, String> env = new HashMap<>();
        if (options.containsKey("heap")) {
            env.put("EDGEVIDEO_HEAP", options.get("heap"));
        }
        try (ServiceRun service = ServiceRun.start(work, source, cameras, fps, env, cameraParameters);
             LatencyProbe latency = new LatencyProbe(service.nodeId())) {
            awaitAllPublishing(service, cameras);
            // The JVM compiles hot code for about its first minute (17.9 % of the process 30-45 s after start at 10
            // cameras, 2 fps): --warmup 60 measures the steady state a service that runs for days is in.
            Thread.sleep(Integer.parseInt(option("warmup", "5")) * 1000L);
            double cpu0 = service.cpuSeconds();
            Map<String, Double> roles0 = service.cpuByRole();
            // A scrape of hundreds of cameras takes a while: time the window between the scrapes' midpoints.
            long beforeFirst = System.nanoTime();
            Map<String, Map<String, Double>> published0 = service.published();
            long start = (beforeFirst + System.nanoTime()) / 2;
            latency.startRecording(service.metrics().clockOffsetsMillis());
            Thread.sleep(seconds * 1000L);
            latency.stopRecording();
            double cpu = service.cpuSeconds() - cpu0;
            Map<String, Double> roles = service.cpuByRole();
            long beforeLast = System.nanoTime();
            Map<String, Map<String, Double>> published = service.published();
            double elapsed = ((beforeLast + System.nanoTime()) / 2 - start) / 1e9;
            List<Double> perCameraFps = new ArrayList<>();
            double redis = 0;
            double rabbit = 0;
            for (Map.Entry<String, Map<String, Double>> camera : published.entrySet()) {
                Map<String, Double> before = published0.getOrDefault(camera.getKey(), Map.of());
                double r = camera.getValue().getOrDefault("redis", 0.0) - before.getOrDefault("redis", 0.0);
                double q = camera.getValue().getOrDefault("rabbitmq", 0.0) - before.getOrDefault("rabbitmq", 0.0);
                redis += r;
                rabbit += q;
                perCameraFps.add(Math.min(r, q) / elapsed);
            }
            double expected = cameras * fps * elapsed;
            double routeCpu = roles.get("route") - roles0.get("route") + roles.get("sinks") - roles0.get("sinks");
            double grabCpu = roles.get("grab") - roles0.get("grab");
            Row row = new Row();
            row.name = "edge-video";
            row.minFps = Stats.min(perCameraFps);
            row.medianFps = Stats.median(perCameraFps);
            row.deliveredShare = String.format(Locale.ROOT, "%.1f %% / %.1f %%", 100 * redis / expected, 100 * rabbit / expected);
            row.delivered = Math.min(redis, rabbit) / expected;
            row.cpuPerCameraMinute = cpu / cameras / (elapsed / 60);
            row.rssMb = service.rssMb();
            row.latency = String.format(Locale.ROOT, "%.0f / %.0f (n=%d)", latency.percentile(50), latency.percentile(99),
                    latency.count());
            double frames = Math.max(1, Math.min(redis, rabbit));
            row.routeCost = String.format(Locale.ROOT,
                    "%.2f ms CPU, %.1f %% of CPU (capture %.1f %%); outside capture %.2f ms",
                    routeCpu * 1000 / frames, 100 * routeCpu / cpu, 100 * grabCpu / cpu,
                    (cpu - grabCpu) * 1000 / frames);
            return row;
        }
    }

    static void awaitAllPublishing(ServiceRun service, int cameras) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Map<String, Map<String, Double>> published;
            try {
                published = service.published();
            } catch (IOException e) {
                // the management server is not listening yet
                Thread.sleep(1000);
                continue;
            }
            long ready = published.values().stream()
                    .filter(sinks -> sinks.getOrDefault("redis", 0.0) > 0 && sinks.getOrDefault("rabbitmq", 0.0) > 0)
                    .count();
            if (ready >= cameras) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("not every camera published within 180 s; see target/bench/service-*.log");
    }

    private Row measureBaseline(BaselineRun.Design design, String source, boolean live, int cameras, double fps,
                                int seconds) throws Exception {
        System.out.printf("%s: %d ffmpeg processes ...%n", design.label, cameras);
        try (BaselineRun baseline = BaselineRun.start(design, source, live, cameras, fps, QUALITY)) {
            Thread.sleep(5_000);
            double cpu0 = baseline.cpuSeconds();
            List<Long> frames0 = baseline.frames();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = baseline.cpuSeconds() - cpu0;
            List<Long> frames1 = baseline.frames();
            List<Double> perCameraFps = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < cameras; i++) {
                double delta = frames1.get(i) - frames0.get(i);
                total += delta;
                perCameraFps.add(delta / elapsed);
            }
            Row row = new Row();
            row.name = design.label;
            row.minFps = Stats.min(perCameraFps);
            row.medianFps = Stats.median(perCameraFps);
            row.delivered = total / (cameras * fps * elapsed);
            row.deliveredShare = String.format(Locale.ROOT, "%.1f %% read from pipes", 100 * row.delivered);
            row.cpuPerCameraMinute = cpu / cameras / (elapsed / 60);
            row.rssMb = baseline.rssMb();
            row.latency = "-";
            row.routeCost = "-";
            return row;
        }
    }

    // ------------------------------------------------------------------------------------------ change

    /**
     * {@code publishOn=every} against {@code publishOn=change}, one after the other in one invocation, on a clip
     * that is still for 10 s and moves for 10 s (looped): CPU and frames published per camera-minute.
     */
    private void publishOnChange() throws Exception {
        sideBySide("720p-half-still", "5", "publishOn", "every", "change");
    }

    /** AUTO's savings against decoding every frame, on the same clip and rate: what the decode strategy saves. */
    private void decodeStrategy() throws Exception {
        sideBySide("720p-gop50", "2", "decodeMode", "ALL", "AUTO");
    }

    /** One camera parameter at two values, one service run each, on the same clip, cameras and rate. */
    private void sideBySide(String defaultSource, String defaultFps, String parameter, String first, String second)
            throws Exception {
        int cameras = Integer.parseInt(option("cameras", "10"));
        int seconds = Integer.parseInt(option("seconds", "60"));
        double fps = Double.parseDouble(option("fps", defaultFps));
        String source = option("source", defaultSource);
        String clip = clip(source).toString();
        Row one = measureService(clip, cameras, fps, seconds, parameter, first);
        one.name = "edge-video, " + parameter + "=" + first;
        Row two = measureService(clip, cameras, fps, seconds, parameter, second);
        two.name = "edge-video, " + parameter + "=" + second;
        String table = String.format(Locale.ROOT, "%n### %s: %s, %d cameras, %s fps, %d s each (%s)%n%n"
                + "%s%s%n%s%n%n%s / %s: CPU **%.2f**, frames published **%.2f**%n",
                parameter, source, cameras, trim(fps), seconds, now(), Row.HEADER, one.markdown(), two.markdown(),
                second, first, two.cpuPerCameraMinute / one.cpuPerCameraMinute, two.delivered / one.delivered);
        System.out.println(table);
        append(table);
    }

    // ------------------------------------------------------------------------------------------ capacity

    /** Delivery, to both sinks for the service and from the pipes for the baseline, at which N still holds. */
    private static final double HOLDS = 0.98;

    /**
     * The most cameras each design serves at {@code --fps} (default 2) with at least 98 % delivered: N goes
     * {@code --from} (10), {@code --step} (10) ... {@code --to} (100), one {@code --seconds} (30) window per step,
     * until delivery falls below 98 %; first the service, then the baseline, on the same clip.
     */
    private void capacity() throws Exception {
        int from = Integer.parseInt(option("from", "10"));
        int step = Integer.parseInt(option("step", "10"));
        int to = Integer.parseInt(option("to", "100"));
        int seconds = Integer.parseInt(option("seconds", "30"));
        double fps = Double.parseDouble(option("fps", "2"));
        String source = option("source", "720p-gop50");
        String decode = option("decode", "AUTO");
        String clip = clip(source).toString();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n### capacity: %s at %s fps, N = %d, %d ... %d, %d s per step (%s)%n%n"
                + "| run | N | delivered fps/camera min / median | frames delivered vs expected |"
                + " CPU-s per camera-minute | RSS MB | latency p50 / p99 ms |%n|---|---|---|---|---|---|---|%n",
                source, trim(fps), from, from + step, to, seconds, now()));
        String result = String.format(Locale.ROOT, "%nMost cameras with >= %.0f %% delivered: edge-video %s",
                100 * HOLDS, largestHolding(table, "edge-video", from, step, to,
                        cameras -> measureService(clip, cameras, fps, seconds, "decodeMode", decode)));
        if (!options.containsKey("no-baseline")) {
            result += ", baseline " + largestHolding(table, "baseline", from, step, to,
                    cameras -> measureBaseline(BaselineRun.Design.SEED, clip, false, cameras, fps, seconds));
        }
        table.append(result).append('\n');
        System.out.println(table);
        append(table.toString());
    }

    /** One design's steps, each appended to the table as it ends; the largest N that held, in words. */
    private static String largestHolding(StringBuilder table, String name, int from, int step, int to,
                                         Measurement measurement) throws Exception {
        int held = 0;
        for (int cameras = from; cameras <= to; cameras += step) {
            Row row = measurement.at(cameras);
            String line = String.format(Locale.ROOT, "| %s | %d | %.2f / %.2f | %s | %.2f | %.0f | %s |", name,
                    cameras, row.minFps, row.medianFps, row.deliveredShare, row.cpuPerCameraMinute, row.rssMb,
                    row.latency);
            System.out.println(line);
            table.append(line).append('\n');
            if (row.delivered < HOLDS) {
                return held == 0 ? "fewer than " + from : Integer.toString(held);
            }
            held = cameras;
        }
        return "at least " + held + " (every step held: raise --to)";
    }

    /** One step of a capacity run: N cameras measured for one window. */
    @FunctionalInterface
    private interface Measurement {
        Row at(int cameras) throws Exception;
    }

    /** Least-squares slope of (x, y) points. */
    static double slope(List<double[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxy += p[0] * p[1];
            sxx += p[0] * p[0];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** One line of the comparison table. */
    private static final class Row {
        static final String HEADER = "| run | delivered fps/camera min / median | frames to Redis / RabbitMQ vs expected |"
                + " CPU-s per camera-minute | × floor | RSS MB | latency p50 / p99 ms | route cost per frame |\n"
                + "|---|---|---|---|---|---|---|---|\n";

        String name;
        double minFps;
        double medianFps;
        String deliveredShare;
        /** Frames delivered over frames expected; for the service the smaller of its two sinks. */
        double delivered;
        double cpuPerCameraMinute;
        /** CPU over the floor's ({@link Floor}); NaN where no floor was measured. */
        double floorRatio = Double.NaN;
        double rssMb;
        String latency;
        String routeCost;

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %.2f / %.2f | %s | %.2f | %s | %.0f | %s | %s |", name, minFps,
                    medianFps, deliveredShare, cpuPerCameraMinute,
                    Double.isNaN(floorRatio) ? "-" : String.format(Locale.ROOT, "%.2f", floorRatio), rssMb, latency,
                    routeCost);
        }
    }

    /**
     * Capture-to-Redis latency: the metadata's timestamp against the time it is received; a sender's timestamp
     * (RTSP with RTCP reports) is first moved onto our clock by the camera's clock offset.
     */
    private static final class LatencyProbe implements AutoCloseable {

        private final List<Long> latencies = new CopyOnWriteArrayList<>();
        /** The service measured: other benchmarks may publish to the same channel. */
        private final String nodeId;
        private final Jedis jedis = new Jedis("127.0.0.1", 6379);
        private volatile boolean recording;
        /** Read when recording starts: the offsets settle within the warm-up. */
        private volatile Map<String, Double> clockOffsetsMillis = Map.of();
        private final JedisPubSub subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                if (!recording) {
                    return;
                }
                try {
                    JsonNode metadata = JSON.readTree(message);
                    if (metadata.path("node_id").asText().equals(nodeId)) {
                        // A sender's timestamp (RTCP) is on the camera's clock: moved onto ours by the camera's
                        // clock offset, so the figure is our path, not the sender's clock against ours.
                        double offset = "sender".equals(metadata.path("timestamp_source").asText())
                                ? clockOffsetsMillis.getOrDefault(metadata.path("camera_id").asText(), 0d) : 0;
                        latencies.add(Math.round(System.currentTimeMillis()
                                                 - (metadata.path("timestamp").asLong() + offset)));
                    }
                } catch (IOException e) {
                    // not ours
                }
            }
        };

        LatencyProbe(String nodeId) {
            this.nodeId = nodeId;
            Thread thread = new Thread(() -> jedis.subscribe(subscription, "edgevideo:frames"), "bench-latency");
            thread.setDaemon(true);
            thread.start();
        }

        void startRecording(Map<String, Double> clockOffsetsMillis) {
            this.clockOffsetsMillis = clockOffsetsMillis;
            recording = true;
        }

        void stopRecording() {
            recording = false;
        }

        double percentile(double p) {
            return Stats.percentile(latencies, p);
        }

        int count() {
            return latencies.size();
        }

        @Override
        public void close() {
            if (subscription.isSubscribed()) {
                subscription.unsubscribe();
            }
        }
    }
}
