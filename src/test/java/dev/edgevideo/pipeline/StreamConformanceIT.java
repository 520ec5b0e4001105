package dev.edgevideo.pipeline;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static dev.edgevideo.camera.CameraCounter.DECODED;
import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static dev.edgevideo.camera.CameraCounter.MISSED_BEHIND;
import static dev.edgevideo.camera.CameraCounter.MISSED_DECODE;
import static dev.edgevideo.camera.CameraCounter.MISSED_SOURCE;
import static dev.edgevideo.camera.CameraCounter.RECONNECTS;
import static dev.edgevideo.camera.CameraCounter.SOURCE_FRAMES;
import static dev.edgevideo.camera.CameraCounter.STALE;
import static dev.edgevideo.camera.CameraCounter.THROTTLED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraRuntime.SlotSample;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.GstRtspServer;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.StreamCorpus;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stream shape a real camera, NVR or recorder sends (issue 19), at the default decode mode (AUTO) and the rates
 * where AUTO changes strategy (0.5, 2 and 10 fps): the camera delivers min(target, source rate), its sampled frames
 * sit evenly on their slots, and its books account for every slot the target asked for.
 * <p>
 * Cheap enough for every build: the clips are small ({@link StreamCorpus}, made once and cached), and every
 * shape x rate runs as its own camera, all the 0.5 and 2 fps ones in one service, the 10 fps ones in a second and
 * the 1080p and 4K clips (at 2 fps) in a third, each group measured over one window in {@link #measure}; each
 * parameterized case then judges its own camera's figures (the process CPU of each window is printed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamConformanceIT {

    private static final double[] RATES = {0.5, 2, 10};
    /** The rate the 1080p and 4K shapes run at. */
    private static final double BIG_RATE = 2;
    /**
     * The window of the 0.5 and 2 fps cameras. At 0.5 fps it holds 15 slots: one frame more or less at the window's
     * edges is 6.7 %, so there the delivered count may differ from the wanted one by one frame (see
     * {@link #tolerance}); what makes 0.5 fps exact is the spacing check: no gap longer than 1.5 slots between
     * sampled frames means no slot in the window went unfilled. At 2 fps (60 slots) the edges are within 5 %.
     */
    private static final Duration SLOW_WINDOW = Duration.ofSeconds(30);
    /**
     * The 10 fps cameras run in a service of their own: 31 cameras at 10 fps beside the others put 390 frames a
     * second through the sinks on 2 cores, and the frames the route threads then take late (stale) are the
     * machine's, not the capture's. 120 slots, within the 128 {@code recentSlots()} keeps.
     */
    private static final Duration FAST_WINDOW = Duration.ofSeconds(12);
    /**
     * The 1080p and 4K clips run alone: decoding 4K in real time takes most of a core, and beside 68 small cameras
     * a 4K file falls behind real time (booked as {@code behind}, but then it delivers less). 40 slots at 2 fps.
     */
    private static final Duration BIG_WINDOW = Duration.ofSeconds(20);
    /**
     * How much later than its source-frame interval a frame sampled on arrival time may come: the sending thread's
     * and the network's jitter, which a stream clock does not see. The test's own MJPEG cameras send from this JVM
     * beside 33 cameras at 10 fps: at a load average of 10 on 2 cores one frame came 20 ms late.
     */
    private static final long ARRIVAL_JITTER_MICROS = 30_000;
    /**
     * After every camera's first frame: the service's 10 s rate windows (delivered, source, shortfall) filled and
     * AUTO settled on a strategy, so the window sees the steady state.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(12);
    /** How many sampled slots {@code CameraRuntime.recentSlots()} keeps: at 10 fps, the window's last 12.8 s. */
    private static final int RECENT_SLOTS = 128;
    /** Live cameras' rate: a common camera setting, and like the clips' 25 fps. */
    private static final int LIVE_FPS = 25;
    /** The HTTP MJPEG cameras' rate: not FFmpeg's made-up 25 fps, so they are sampled on arrival, as most are. */
    private static final int MJPEG_FPS = 20;

    /**
     * What AUTO decodes where docs/supported-streams.md says so: its savings kept where they are safe (keyframes
     * alone up to a regular keyframe rate, the tail of a fixed GOP without B-frames, the disposable pictures between
     * samples wherever packets carry timestamps), every frame where they are not.
     */
    private static final Map<String, String> EXPECTED_STRATEGY = Map.of(
            "h264-gop-1s @ 0.5 fps", "keyframes",
            "h264-open-gop @ 0.5 fps", "keyframes",
            "hevc-main-gop-1s @ 0.5 fps", "keyframes",
            "h264-baseline-gop-1s @ 0.5 fps", "keyframes",
            "h264-baseline-gop-1s @ 2 fps", "gop-tail",
            "h264-baseline-gop-1s @ 10 fps", "gop-tail",
            "h264-gop-1s @ 2 fps", "references",
            "h264-scene-cut @ 0.5 fps", "references",
            "h264-intra-refresh @ 0.5 fps", "references",
            "h264-annexb @ 0.5 fps", "all");
    /**
     * Where the decoder must have dropped pictures no other refers to: x264's and x265's default B-frames between
     * samples. The most of the source's frames such a camera may decode.
     */
    private static final Map<String, Double> DECODED_SHARE_AT_MOST = Map.of(
            "h264-gop-1s @ 2 fps", 0.85,
            "h264-b-pyramid @ 2 fps", 0.85,
            "hevc-main @ 2 fps", 0.85);

    @TempDir
    static Path work;

    private final Map<String, Figures> figures = new ConcurrentHashMap<>();
    private final List<AutoCloseable> liveCameras = new ArrayList<>();
    private final Map<String, RestartingRtspCamera> restartingByUrl = new LinkedHashMap<>();
    /** One thread per restart, so they happen together (the common pool has one thread on 2 cores). */
    private final ExecutorService restarters = Executors.newCachedThreadPool();
    private Brokers brokers;

    /** A stream as the service reads it, and what its source really sends. */
    private record Source(String shape, String url, List<String> parameters, double sourceFps,
                          double maxFrameIntervalSeconds, boolean breaksItself) {
    }

    /** One case: a shape at a target rate, run as its own camera. */
    record Case(String shape, double fps, boolean big) {

        String cameraId() {
            return "conf-" + shape + "-" + rate() + "fps";
        }

        private String rate() {
            return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
        }

        @Override
        public String toString() {
            return shape + " @ " + rate() + " fps";
        }
    }

    /** A camera's counters at one instant. */
    private record Snapshot(long nanos, long captured, long delivered, long sourceMissed, long behindMissed,
                            long reconnects, long sourceFrames, long decoded, long stale, long throttled,
                            boolean onArrival, List<SlotSample> slots) {

        /** Read with its own time: reading 93 cameras one after the other takes a while on a loaded machine. */
        static Snapshot of(CameraRuntime camera) {
            return new Snapshot(System.nanoTime(), camera.count(CAPTURED), camera.count(DELIVERED),
                    camera.count(MISSED_SOURCE), camera.count(MISSED_BEHIND), camera.count(RECONNECTS),
                    camera.count(SOURCE_FRAMES), camera.count(DECODED), camera.count(STALE), camera.count(THROTTLED),
                    camera.isSamplingOnArrival(), camera.recentSlots());
        }
    }

    /** What one camera did over the measured window. */
    private record Figures(Source source, double outageSeconds, Snapshot before, Snapshot after, long decodeMissed,
                           String strategy, boolean shortfall, String shortfallReason, double cpuCores) {

        /** This camera's own window: from its first reading to its last. */
        double windowSeconds() {
            return (after.nanos() - before.nanos()) / 1e9;
        }

        long delta(ToLongFunction<Snapshot> counter) {
            return counter.applyAsLong(after) - counter.applyAsLong(before);
        }

        /** The slots sampled within the window, oldest first (the last 128 at most). */
        List<SlotSample> windowSlots() {
            List<SlotSample> last = after.slots();
            if (before.slots().isEmpty()) {
                return last;
            }
            int seen = last.lastIndexOf(before.slots().get(before.slots().size() - 1));
            return last.subList(seen + 1, last.size());
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String shape : smallShapeNames()) {
            for (double fps : RATES) {
                cases.add(new Case(shape, fps, false));
            }
        }
        StreamCorpus.bigShapes().forEach(shape -> cases.add(new Case(shape.name(), BIG_RATE, true)));
        return cases.stream();
    }

    private static List<String> smallShapeNames() {
        List<String> names =
                new ArrayList<>(StreamCorpus.smallShapes().stream().map(StreamCorpus.Shape::name).toList());
        names.addAll(List.of("rtsp-tcp", "rtsp-udp-1pct-loss", "rtsp-server-restart", "mjpeg-http-420",
                "mjpeg-http-422"));
        return names;
    }

    @BeforeAll
    void measureEveryShape() throws Exception {
        brokers = new Brokers();
        for (Case c : cases().toList()) {
            brokers.forget(c.cameraId());
        }
        StreamCorpus corpus = StreamCorpus.inTarget();
        long making = System.nanoTime();
        List<Source> small = new ArrayList<>();
        for (StreamCorpus.Shape shape : StreamCorpus.smallShapes()) {
            small.add(file(corpus.clip(shape)));
        }
        List<Source> big = new ArrayList<>();
        for (StreamCorpus.Shape shape : StreamCorpus.bigShapes()) {
            big.add(file(corpus.clip(shape)));
        }
        List<byte[]> jpegs420 = StreamCorpus.jpegs(corpus.clip(StreamCorpus.mjpeg("mjpeg-420", "yuvj420p")).file());
        List<byte[]> jpegs422 = StreamCorpus.jpegs(corpus.clip(StreamCorpus.mjpeg("mjpeg-422", "yuvj422p")).file());
        System.out.printf(Locale.ROOT, "conformance: corpus ready in %.1f s%n", (System.nanoTime() - making) / 1e9);

        // One RTSP camera per client, as devices are: GStreamer's shared media has been seen to end its server when
        // three clients opened it at once.
        List<Map.Entry<Source, Double>> ownCamera = new ArrayList<>();
        for (double fps : RATES) {
            GstRtspServer tcp = live(GstRtspServer.start(work, LIVE_FPS));
            ownCamera.add(Map.entry(new Source("rtsp-tcp", tcp.url(), List.of(),
                    LIVE_FPS, 1.0 / LIVE_FPS, false), fps));
            GstRtspServer lossy = live(GstRtspServer.start(work, LIVE_FPS, FreePorts.next(), 0.01));
            ownCamera.add(Map.entry(new Source("rtsp-udp-1pct-loss", lossy.url(), List.of("rtspTransport", "udp"),
                    LIVE_FPS, 1.0 / LIVE_FPS, false), fps));
        }
        for (double fps : RATES) {
            RestartingRtspCamera restarting = live(new RestartingRtspCamera());
            restartingByUrl.put(restarting.url(), restarting);
            ownCamera.add(Map.entry(new Source("rtsp-server-restart", restarting.url(), List.of(), LIVE_FPS,
                    1.0 / LIVE_FPS, true), fps));
        }
        for (var mjpeg : Map.of("mjpeg-http-420", jpegs420, "mjpeg-http-422", jpegs422).entrySet()) {
            MjpegHttpCamera camera = live(MjpegHttpCamera.serving(mjpeg.getValue(), MJPEG_FPS));
            small.add(new Source(mjpeg.getKey(), camera.url(), List.of(), MJPEG_FPS, 1.0 / MJPEG_FPS, false));
        }

        List<Map.Entry<Source, Double>> slow = new ArrayList<>();
        List<Map.Entry<Source, Double>> fast = new ArrayList<>();
        for (Source source : small) {
            for (double fps : RATES) {
                (fps < 10 ? slow : fast).add(Map.entry(source, fps));
            }
        }
        for (Map.Entry<Source, Double> run : ownCamera) {
            (run.getValue() < 10 ? slow : fast).add(run);
        }
        measure("slow", slow, SLOW_WINDOW);
        measure("fast", fast, FAST_WINDOW);
        measure("big", big.stream().map(source -> Map.entry(source, BIG_RATE)).toList(), BIG_WINDOW);
    }

    @AfterAll
    void stopCameras() throws Exception {
        restarters.shutdownNow();
        for (AutoCloseable camera : liveCameras) {
            camera.close();
        }
        if (brokers != null) {
            for (Case c : cases().toList()) {
                brokers.forget(c.cameraId());
            }
            brokers.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deliversItsRateEvenlySpacedWithEverySlotAccountedFor(Case c) {
        Figures f = figures.get(c.cameraId());
        assertThat(f).as("%s was measured (see the log for why not)", c).isNotNull();
        Source source = f.source();
        double expectedFps = Math.min(c.fps(), source.sourceFps());
        double slotSeconds = 1 / expectedFps;
        List<SlotSample> slots = f.windowSlots();
        long maxOffsetMicros = slots.stream().mapToLong(s -> Math.abs(s.frameMicros() - s.slotMicros())).max()
                .orElse(-1);
        List<Long> gaps = gapsMicros(slots, SlotSample::frameMicros);
        long maxGapMicros = gaps.stream().mapToLong(Long::longValue).max().orElse(-1);
        double deliveredFps = f.delta(Snapshot::delivered) / f.windowSeconds();
        System.out.printf(Locale.ROOT, "conformance | %-24s | %4s fps | delivered %6.2f fps | source %6.2f fps |"
                          + " decoded %6.2f fps | %-10s | max offset %6.1f ms | max gap %6.2f slots | wanted %6.1f"
                          + " captured %4d missed %4d"
                          + " behind %d decode-missed %d | stale %3d throttled %3d | reconnects %d | shortfall %s |"
                          + " cpu %.2f cores%n",
                source.shape(), c.rate(), deliveredFps, f.delta(Snapshot::sourceFrames) / f.windowSeconds(),
                f.delta(Snapshot::decoded) / f.windowSeconds(),
                f.strategy() == null ? "-" : f.strategy(), maxOffsetMicros / 1e3, maxGapMicros / 1e6 / slotSeconds,
                c.fps() * f.windowSeconds(), f.delta(Snapshot::captured), f.delta(Snapshot::sourceMissed),
                f.delta(Snapshot::behindMissed), f.decodeMissed(), f.delta(Snapshot::stale),
                f.delta(Snapshot::throttled), f.delta(Snapshot::reconnects), f.shortfall(), f.cpuCores());

        // Every check judged and reported, not only the first that fails: a case's figures are the capture core's
        // to-do list.
        SoftAssertions softly = new SoftAssertions();

        // Delivered: min(target, source) over the window, less the time a camera that breaks itself was gone. The
        // outage ends with the first frame read from the new server, but the frames FFmpeg buffered while opening it
        // come then too, with their own times: such a camera delivers between the two.
        double expected = expectedFps * (f.windowSeconds() - f.outageSeconds());
        double delivered = f.delta(Snapshot::delivered);
        if (source.breaksItself()) {
            softly.assertThat(delivered).as("frames delivered in %.0f s (%.1f fps wanted, %.1f s outage)",
                    f.windowSeconds(), expectedFps, f.outageSeconds())
                    .isBetween(expected - tolerance(expected), expectedFps * f.windowSeconds());
        } else {
            softly.assertThat(delivered).as("frames delivered in %.0f s (%.1f fps wanted)", f.windowSeconds(),
                    expectedFps).isCloseTo(expected, within(tolerance(expected)));
        }

        // Books: every slot the target asked for in the window was captured, missed by the source, or skipped by a
        // file camera that fell behind real time (a busy machine), ±1 slot for the window's edges; none was lost to
        // the decode strategy, ever.
        softly.assertThat(f.delta(Snapshot::captured) + f.delta(Snapshot::sourceMissed)
                          + f.delta(Snapshot::behindMissed))
                .as("captured + missed{source} + missed{behind}")
                .isCloseTo(Math.round(c.fps() * f.windowSeconds()), within(1L));
        softly.assertThat(f.decodeMissed()).as("slots missed{decode}").isZero();

        // Spacing, on the camera's sampling clock: each sampled frame within one source-frame interval of its slot,
        // and no slot skipped (a gap over 1.5 slots) while the source delivers.
        if (!source.breaksItself()) {
            // (A camera that reconnected may keep only its new session's slots.) A slot that fell in a hole of the
            // source (variable frame rate) is booked as missed{source}, not sampled: where the holes fall on the
            // slot grid depends on the phase the camera started at.
            softly.assertThat(slots).as("slots sampled in the window").hasSizeGreaterThanOrEqualTo(
                    (int) Math.min(RECENT_SLOTS, expected - 1 - f.delta(Snapshot::sourceMissed)));
        }
        long jitter = f.after().onArrival() ? ARRIVAL_JITTER_MICROS : 0;
        softly.assertThat(maxOffsetMicros).as("largest |frame - slot| (µs)")
                .isLessThanOrEqualTo(Math.round(source.maxFrameIntervalSeconds() * 1e6) + 1000 + jitter);
        // A camera that breaks its stream has one gap it may show: the outage (none if its clock restarted with it).
        // A source with holes (variable frame rate) sends no frame for up to its longest frame interval: a slot
        // after a hole can be that much later than one slot on.
        if (f.after().onArrival()) {
            // On arrival time each frame's time carries the sender's and the network's jitter, and a gap between two
            // frames carries it twice: whether a slot went unfilled is read on the sampler's own grid instead (the
            // offset check above bounds the timing). A sender stalled on a busy machine can leave one slot with no
            // arrival at all (seen once in CI: mjpeg-http-422 at 10 fps, load 3.9 on 2 cores): that one is allowed
            // only when the camera booked it as missed{source}, which the books above hold to the slots wanted.
            List<Long> slotGaps = gapsMicros(slots, SlotSample::slotMicros);
            long lateArrivalBooked = Math.min(1, f.delta(Snapshot::sourceMissed));
            softly.assertThat(slotGaps.stream().filter(gap -> gap > 1.5 * slotSeconds * 1e6).count())
                    .as("sampled slots more than one slot apart (µs) %s, missed{source} %d", slotGaps,
                            f.delta(Snapshot::sourceMissed))
                    .isLessThanOrEqualTo((source.breaksItself() ? 1 : 0) + lateArrivalBooked);
        } else {
            double gapBound = Math.max(1.5 * slotSeconds, slotSeconds + source.maxFrameIntervalSeconds()) * 1e6;
            softly.assertThat(gaps.stream().filter(gap -> gap > gapBound).count())
                    .as("gaps over 1.5 slots between sampled frames (µs) %s", gaps)
                    .isLessThanOrEqualTo(source.breaksItself() ? 1 : 0);
        }

        String strategy = EXPECTED_STRATEGY.get(c.toString());
        if (strategy != null) {
            softly.assertThat(f.strategy()).as("decode strategy").isEqualTo(strategy);
        }
        Double decodedShare = DECODED_SHARE_AT_MOST.get(c.toString());
        if (decodedShare != null) {
            softly.assertThat((double) f.delta(Snapshot::decoded)).as("frames decoded of %d the source sent",
                    f.delta(Snapshot::sourceFrames))
                    .isLessThanOrEqualTo(decodedShare * f.delta(Snapshot::sourceFrames));
        }
        if (source.breaksItself()) {
            softly.assertThat(f.delta(Snapshot::reconnects)).as("the camera saw its stream break").isPositive();
        } else {
            softly.assertThat(f.delta(Snapshot::reconnects)).as("reconnects").isZero();
        }
        if (source.sourceFps() >= c.fps()) {
            softly.assertThat(f.shortfall()).as("source shortfall flagged: %s", f.shortfallReason()).isFalse();
        }
        softly.assertAll();
    }

    /**
     * ±5 %, but at least one frame: a window's two edges can each cut a slot, which at 0.5 fps is more than 5 %
     * (the spacing check proves there that no slot inside the window went unfilled).
     */
    private static double tolerance(double expectedFrames) {
        return Math.max(0.05 * expectedFrames, 1);
    }

    private static List<Long> gapsMicros(List<SlotSample> slots, ToLongFunction<SlotSample> time) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < slots.size(); i++) {
            gaps.add(time.applyAsLong(slots.get(i)) - time.applyAsLong(slots.get(i - 1)));
        }
        return gaps;
    }

    // ---------------------------------------------------------------- the measured window

    /**
     * Runs every source at every rate as its own camera in one service, lets them warm up, then takes every camera's
     * figures over the same window (with the restarts of the restarting cameras inside it).
     */
    private void measure(String group, List<Map.Entry<Source, Double>> runs, Duration window) throws Exception {
        Map<String, Source> byCamera = new LinkedHashMap<>();
        List<String> entries = new ArrayList<>();
        for (Map.Entry<Source, Double> run : runs) {
            Source source = run.getKey();
            Case c = new Case(source.shape(), run.getValue(), false);
            byCamera.put(c.cameraId(), source);
            List<String> parameters = new ArrayList<>(List.of("fps", Double.toString(run.getValue())));
            parameters.addAll(source.parameters());
            entries.add(RoutesDir.camera(c.cameraId(), source.url(), parameters.toArray(String[]::new)));
        }
        Path routes = RoutesDir.withCameras(work.resolve("routes-" + group), entries.toArray(String[]::new));
        try (RunningService service = RunningService.start(routes, Map.of())) {
            Map<String, CameraRuntime> cameras = new LinkedHashMap<>();
            byCamera.keySet().forEach(id -> cameras.put(id, Cameras.camera(service.context(), id)));
            awaitFirstFrames(group, cameras);
            pause(WARM_UP);

            Map<String, Snapshot> before = new LinkedHashMap<>();
            cameras.forEach((id, camera) -> before.put(id, Snapshot.of(camera)));
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            // A quarter into the window each restarting camera's server restarts: the window sees before, the gap,
            // and after it the reconnected session settled (its gap is booked once its start-up burst is over).
            List<CompletableFuture<Map<String, Double>>> restarts = new ArrayList<>();
            cameras.forEach((id, camera) -> {
                RestartingRtspCamera server = restartingByUrl.get(byCamera.get(id).url());
                if (server != null) {
                    restarts.add(CompletableFuture.supplyAsync(
                            () -> server.restartAfter(window.dividedBy(4), Map.of(id, camera)), restarters));
                }
            });
            pause(window);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cores = (processCpuNanos() - cpuBefore) / 1e9 / seconds;
            Map<String, Snapshot> after = new LinkedHashMap<>();
            cameras.forEach((id, camera) -> after.put(id, Snapshot.of(camera)));
            Map<String, Double> outage = new LinkedHashMap<>();
            for (CompletableFuture<Map<String, Double>> restart : restarts) {
                outage.putAll(restart.get(60, SECONDS));
            }
            cameras.forEach((id, camera) -> figures.put(id, new Figures(byCamera.get(id),
                    outage.getOrDefault(id, 0.0), before.get(id), after.get(id), camera.count(MISSED_DECODE),
                    camera.decodeStrategy(), camera.isSourceShortfall(), camera.sourceShortfallReason(), cores)));
            // The machine's load beside our own CPU: a window measured on a machine busy with other work (a build
            // beside the test) shows up as stale frames and late slots that are not the capture core's.
            System.out.printf(Locale.ROOT, "conformance: group %s, %d cameras, %.1f s window, process CPU %.2f cores,"
                              + " system load average %.1f on %d cores%n", group, cameras.size(), seconds, cores,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** Waits for every camera's first frame; one that never sends is left to fail its own case. */
    private static void awaitFirstFrames(String group, Map<String, CameraRuntime> cameras) {
        try {
            await().atMost(60, SECONDS).pollInterval(Duration.ofMillis(500))
                    .until(() -> cameras.values().stream().allMatch(camera -> camera.count(DELIVERED) > 0));
        } catch (ConditionTimeoutException e) {
            cameras.forEach((id, camera) -> {
                if (camera.count(DELIVERED) == 0) {
                    System.out.printf("conformance: group %s: %s delivered nothing in 60 s: %s%n", group, id,
                            camera.status());
                }
            });
        }
    }

    /** A measured wait (the window itself): polls the clock, so it ends on time whatever the machine's load. */
    private static void pause(Duration duration) {
        long start = System.nanoTime();
        await().atMost(duration.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() - start >= duration.toNanos());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private Source file(StreamCorpus.Clip clip) {
        // The rate a file really has (its average: a variable-rate clip's declared rate is a maximum) and its
        // longest frame interval: the farthest a sampled frame can honestly sit from its slot.
        return new Source(clip.shape().name(), clip.file().toString(), List.of("loop", "true"),
                clip.probe().averageFps(), clip.probe().maxFrameInterval(), false);
    }

    private <T extends AutoCloseable> T live(T camera) {
        liveCameras.add(camera);
        return camera;
    }

    /**
     * An RTSP camera that restarts mid-stream, as after a power cut or a firmware update: the server process ends
     * and a new one starts on the same port, whose stream starts again from timestamp 0. Each camera reading it is
     * gone from the moment the server stopped until its first frame from the new server: the outage.
     */
    private final class RestartingRtspCamera implements AutoCloseable {

        private final int port = FreePorts.next();
        private volatile GstRtspServer server = GstRtspServer.start(work, LIVE_FPS, port, 0);

        RestartingRtspCamera() throws Exception {
        }

        String url() {
            return server.url();
        }

        /** Restarts the server after {@code delay}; returns each camera's outage in seconds (none: never back). */
        Map<String, Double> restartAfter(Duration delay, Map<String, CameraRuntime> cameras) {
            pause(delay);
            long stopped = System.nanoTime();
            server.close();
            try {
                server = GstRtspServer.start(work, LIVE_FPS, port, 0);
            } catch (Exception e) {
                throw new IllegalStateException("the restarted RTSP server did not start", e);
            }
            Map<String, Long> framesAtRestart = new LinkedHashMap<>();
            cameras.forEach((id, camera) -> framesAtRestart.put(id, camera.count(SOURCE_FRAMES)));
            Map<String, Double> outages = new ConcurrentHashMap<>();
            try {
                await().atMost(40, SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
                    cameras.forEach((id, camera) -> {
                        if (!outages.containsKey(id) && camera.count(SOURCE_FRAMES) > framesAtRestart.get(id)) {
                            outages.put(id, (System.nanoTime() - stopped) / 1e9);
                        }
                    });
                    return outages.size() == cameras.size();
                });
            } catch (ConditionTimeoutException e) {
                // a camera that never came back fails its case on the frames it did not deliver
            }
            return outages;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
