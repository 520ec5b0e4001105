package dev.edgevideo.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.PausableTcpProxy;
import dev.edgevideo.testing.RoutesDir;

/**
 * {@code bench/run --mode soak}: a long run with faults injected at random, then the books checked.
 * <p>
 * File cameras {@code bench-1..N} stream all along; HTTP MJPEG cameras {@code chaos-http-1..M} served here die and
 * come back; Redis and RabbitMQ are reached through proxies that black-hole them for a while; every
 * {@code --reload-seconds} the cameras file is edited (one camera's fps changes, which restarts its route, and an
 * extra camera comes or goes). A fault starts every {@code --fault-seconds} on average and may overlap others.
 * <p>
 * At the end every fault is healed and, once each camera publishes again, each camera's route is stopped over JMX
 * (its frame in flight finishes) and its books are read: for every camera and sink, captured = published + dropped
 * by reason, exactly. RSS (slope after the first minute), threads and open file descriptors are printed at the
 * start and at the end, both taken with every camera streaming and no fault active.
 */
final class ChaosSoak {

    private static final String EXTRA_CAMERA = "chaos-extra";

    private final Bench bench;
    private final Random random;
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final List<String> books = new CopyOnWriteArrayList<>();
    /** The brokers black-holed now: a second fault on one would be healed early by the first's end. */
    private final Set<String> blackHoled = ConcurrentHashMap.newKeySet();
    private long start;

    ChaosSoak(Bench bench) {
        this.bench = bench;
        this.random = new Random(Long.parseLong(bench.option("seed", Long.toString(System.nanoTime()))));
    }

    void run() throws Exception {
        int fileCameras = Integer.parseInt(bench.option("cameras", "8"));
        int httpCameras = Integer.parseInt(bench.option("http-cameras", "3"));
        int seconds = Integer.parseInt(bench.option("seconds", "1800"));
        int faultSeconds = Integer.parseInt(bench.option("fault-seconds", "45"));
        int reloadSeconds = Integer.parseInt(bench.option("reload-seconds", "180"));
        double fps = Double.parseDouble(bench.option("fps", "2"));
        Path clip = bench.clip(bench.option("source", "720p-gop50"));

        int[] httpPorts = new int[httpCameras];
        MjpegHttpCamera[] http = new MjpegHttpCamera[httpCameras];
        for (int i = 0; i < httpCameras; i++) {
            httpPorts[i] = FreePorts.next();
            http[i] = new MjpegHttpCamera(640, 360, 10, httpPorts[i]);
        }
        Cameras cameras = new Cameras(clip, fps, fileCameras, http);
        Path routes = RoutesDir.withCameras(bench.work().resolve("routes-soak"), cameras.entries());
        ScheduledExecutorService chaos = Executors.newScheduledThreadPool(2);
        List<double[]> rss = new CopyOnWriteArrayList<>();
        try (PausableTcpProxy redis = new PausableTcpProxy(6379);
             PausableTcpProxy rabbitmq = new PausableTcpProxy(5672);
             ServiceRun service = ServiceRun.start(routes, bench.work().resolve("service-soak.log"),
                     Map.of("REDIS_PORT", Integer.toString(redis.port()),
                            "RABBITMQ_PORT", Integer.toString(rabbitmq.port())))) {
            int total = fileCameras + httpCameras;
            Bench.awaitAllPublishing(service, total);
            Thread.sleep(30_000);
            String before = figures(service);
            Map<String, Integer> threadsBefore = service.threadNames();
            start = System.nanoTime();
            Fault[] kinds = {
                () -> cameraDies(chaos, http, httpPorts),
                () -> brokerBlackHoled(chaos, redis, "Redis"),
                () -> brokerBlackHoled(chaos, rabbitmq, "RabbitMQ"),
            };
            chaos.schedule(() -> nextFault(chaos, kinds, faultSeconds), faultSeconds, TimeUnit.SECONDS);
            chaos.scheduleWithFixedDelay(() -> reload(service, routes, cameras), reloadSeconds, reloadSeconds,
                    TimeUnit.SECONDS);
            while (elapsed() < seconds) {
                Thread.sleep(10_000);
                rss.add(new double[] {elapsed() / 60, service.rssMb()});
            }
            chaos.shutdownNow();
            chaos.awaitTermination(30, TimeUnit.SECONDS);
            redis.resume();
            rabbitmq.resume();
            if (cameras.extra) {
                // The end figures are compared with the start's: the same cameras.
                reload(service, routes, cameras);
            }
            for (int i = 0; i < httpCameras; i++) {
                if (http[i] == null) {
                    http[i] = new MjpegHttpCamera(640, 360, 10, httpPorts[i]);
                }
            }
            awaitStreaming(service, cameras.ids());
            Thread.sleep(30_000);
            String after = figures(service);
            String threadChanges = threadChanges(threadsBefore, service.threadNames());
            for (String camera : cameras.ids()) {
                checkBooks(service, camera);
            }
            bench.append(report(fileCameras, httpCameras, fps, seconds, before, after, threadChanges, rss));
        } finally {
            chaos.shutdownNow();
            for (MjpegHttpCamera camera : http) {
                if (camera != null) {
                    camera.close();
                }
            }
        }
    }

    /**
     * Waits until every camera streams again: a camera that died for long may sit in its circuit's backoff for
     * minutes, and the end figures are compared with the start's, when every camera streamed.
     */
    private void awaitStreaming(ServiceRun service, List<String> cameras) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (true) {
            Set<String> streamingNow = service.metrics().samples("edge_video_camera_state").stream()
                    .filter(sample -> sample.value() == 1 && "STREAMING".equals(sample.label("state")))
                    .map(sample -> sample.label("camera_id")).collect(Collectors.toSet());
            long streaming = cameras.stream().filter(streamingNow::contains).count();
            if (streaming == cameras.size()) {
                log("every camera streams again");
                return;
            }
            if (System.nanoTime() > deadline) {
                log("after 6 min " + streaming + " of " + cameras.size() + " cameras stream again");
                return;
            }
            Thread.sleep(2000);
        }
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private void log(String fault) {
        String line = String.format(Locale.ROOT, "%6.0f s  %s", elapsed(), fault);
        System.out.println("soak: " + line);
        faults.add(line);
    }

    /** A fault; each heals itself later, so faults overlap as they do in real networks. */
    @FunctionalInterface
    private interface Fault {
        void start() throws Exception;
    }

    private void nextFault(ScheduledExecutorService chaos, Fault[] kinds, int meanSeconds) {
        try {
            kinds[random.nextInt(kinds.length)].start();
        } catch (Exception e) {
            log("fault failed to start: " + e);
        }
        long wait = Math.round(meanSeconds * (0.5 + random.nextDouble()));
        chaos.schedule(() -> nextFault(chaos, kinds, meanSeconds), wait, TimeUnit.SECONDS);
    }

    private void cameraDies(ScheduledExecutorService chaos, MjpegHttpCamera[] http, int[] ports) {
        int i = random.nextInt(http.length);
        if (http[i] == null) {
            return;
        }
        long down = 10 + random.nextInt(40);
        http[i].close();
        http[i] = null;
        log("chaos-http-" + (i + 1) + " dies for " + down + " s");
        chaos.schedule(() -> {
            try {
                http[i] = new MjpegHttpCamera(640, 360, 10, ports[i]);
                log("chaos-http-" + (i + 1) + " is back");
            } catch (Exception e) {
                log("chaos-http-" + (i + 1) + " could not come back: " + e);
            }
        }, down, TimeUnit.SECONDS);
    }

    private void brokerBlackHoled(ScheduledExecutorService chaos, PausableTcpProxy proxy, String broker) {
        if (!blackHoled.add(broker)) {
            return;
        }
        long down = 15 + random.nextInt(20);
        proxy.pause();
        log(broker + " black-holed for " + down + " s");
        chaos.schedule(() -> {
            proxy.resume();
            blackHoled.remove(broker);
            log(broker + " reachable again");
        }, down, TimeUnit.SECONDS);
    }

    /** An operator's edit: one camera's rate changes (its route restarts, its books go on), the extra camera toggles. */
    private void reload(ServiceRun service, Path routes, Cameras cameras) {
        try {
            if (cameras.extra) {
                // Its books are checked before it goes: once removed, its counters leave with it.
                checkBooks(service, EXTRA_CAMERA);
            }
            cameras.toggle();
            RoutesDir.rewriteCameras(routes, cameras.entries());
            log("hot reload: bench-1 at " + Bench.trim(cameras.firstFps) + " fps, " + EXTRA_CAMERA
                + (cameras.extra ? " added" : " removed"));
        } catch (Exception e) {
            log("hot reload failed: " + e);
        }
    }

    /** Stops the camera's route over JMX and checks, per sink, captured = published + dropped by reason. */
    private void checkBooks(ServiceRun service, String camera) throws Exception {
        service.stopRoute(camera);
        Metrics metrics = service.metrics();
        double captured = metrics.sum("edge_video_frames_captured_total", camera, null);
        for (String sink : List.of("redis", "rabbitmq")) {
            double sinkPublished = metrics.sum("edge_video_frames_published_total", camera, sink);
            double sinkDropped = metrics.droppedOfCaptured(camera, sink);
            double missing = captured - sinkPublished - sinkDropped;
            books.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %s |", camera, sink, captured,
                    sinkPublished, sinkDropped, missing == 0 ? "exact" : String.format(Locale.ROOT, "**off by %.0f**", missing)));
        }
    }

    private static String threadChanges(Map<String, Integer> before, Map<String, Integer> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        StringJoiner changes = new StringJoiner(", ");
        for (String name : names) {
            int from = before.getOrDefault(name, 0);
            int to = after.getOrDefault(name, 0);
            if (from != to) {
                changes.add("`" + name + "` " + from + " → " + to);
            }
        }
        return changes.length() == 0 ? "none" : changes.toString();
    }

    private static String figures(ServiceRun service) {
        return String.format(Locale.ROOT, "RSS %.0f MB, %d threads, %d open file descriptors", service.rssMb(),
                service.threadCount(), service.openFiles());
    }

    private String report(int fileCameras, int httpCameras, double fps, int seconds, String before, String after,
                          String threadChanges, List<double[]> rss) {
        List<double[]> steady = rss.stream().filter(s -> s[0] >= 1.0).toList();
        long exact = books.stream().filter(line -> line.endsWith("| exact |")).count();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n### soak with chaos: %d file + %d HTTP cameras at %s fps for %d s, %d faults (%s)%n%n"
                + "- at the start: %s%n- at the end:   %s%n- JVM threads by name, start → end where they differ: %s%n- RSS slope after the first minute: %.2f MB/min over %d samples%n"
                + "- books: %d of %d camera-sink pairs exact%n%n",
                fileCameras, httpCameras, Bench.trim(fps), seconds, faults.size(), Bench.now(), before, after,
                threadChanges, Bench.slope(steady), steady.size(), exact, books.size()));
        out.append("| camera | sink | captured | published | dropped | captured − published − dropped |\n|---|---|---|---|---|---|\n");
        books.forEach(line -> out.append(line).append('\n'));
        out.append("\nFaults:\n\n```\n");
        faults.forEach(line -> out.append(line).append('\n'));
        out.append("```\n");
        System.out.println(out);
        return out.toString();
    }

    /** The cameras file as the soak edits it. */
    private static final class Cameras {
        private final Path clip;
        private final double fps;
        private final int fileCameras;
        private final MjpegHttpCamera[] http;
        private final List<String> httpUrls = new ArrayList<>();
        private double firstFps;
        private boolean extra;

        Cameras(Path clip, double fps, int fileCameras, MjpegHttpCamera[] http) {
            this.clip = clip;
            this.fps = fps;
            this.firstFps = fps;
            this.fileCameras = fileCameras;
            this.http = http;
            for (MjpegHttpCamera camera : http) {
                httpUrls.add(camera.url());
            }
        }

        void toggle() {
            firstFps = firstFps == fps ? fps + 1 : fps;
            extra = !extra;
        }

        int count() {
            return ids().size();
        }

        List<String> ids() {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= fileCameras; i++) {
                ids.add("bench-" + i);
            }
            for (int i = 1; i <= http.length; i++) {
                ids.add("chaos-http-" + i);
            }
            if (extra) {
                ids.add(EXTRA_CAMERA);
            }
            return ids;
        }

        String[] entries() {
            List<String> entries = new ArrayList<>();
            for (int i = 1; i <= fileCameras; i++) {
                entries.add(ServiceRun.camera(i, clip, i == 1 ? firstFps : fps));
            }
            for (int i = 0; i < http.length; i++) {
                // A dead camera is retried every second, so a short death is seen as short.
                entries.add(RoutesDir.camera("chaos-http-" + (i + 1), httpUrls.get(i), "fps", Bench.trim(fps),
                        "reconnectDelay", "1s", "readTimeout", "3s"));
            }
            if (extra) {
                entries.add(RoutesDir.camera(EXTRA_CAMERA, clip.toString(), "fps", Bench.trim(fps), "loop", "true"));
            }
            return entries.toArray(String[]::new);
        }
    }
}
