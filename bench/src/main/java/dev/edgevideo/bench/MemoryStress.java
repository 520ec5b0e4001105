package dev.edgevideo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgevideo.testing.RoutesDir;

/**
 * {@code bench/run --mode stress}: the memory governor against the process's real resident memory, no fake probe.
 * <p>
 * A calibration run measures the footprint with one camera; the measured run sets
 * {@code edgevideo.memory.max-memory-mb} so that this footprint is {@code --idle-percent} (50) of the limit, then
 * adds a camera every {@code --step-seconds} (hot reload of the cameras file) until the governor reports EMERGENCY
 * (or {@code --max-cameras}), holds there, and removes the cameras again one by one. Every second it samples the
 * RSS from /proc, the governor's level from the metrics endpoint and the frames delivered to Redis. The report has
 * one row per level change, with the reaction time (from the first sample whose RSS crossed the level's threshold
 * to the first sample that reports the level), one row per stretch at a level with its delivered rate, and whether
 * the memory came back: the RSS at the end against the one-camera footprint, and how long after the last removal
 * the governor was back at NORMAL for good (a governor that stays above NORMAL caps the cameras forever).
 */
final class MemoryStress {

    private static final String[] LEVELS = {"NORMAL", "WARNING", "CRITICAL", "EMERGENCY"};
    /** The thresholds (percent of the limit) this run sets, so that the report can tell when each was crossed. */
    private static final double[] THRESHOLDS = {0, 60, 75, 85};
    private static final double HYSTERESIS = 5;
    /**
     * How long the run watches after the last removal: the goal is NORMAL within 60 s, and the RSS at the end is the
     * median of the last {@link #END_SAMPLES} seconds.
     */
    private static final int SETTLE_SECONDS = 90;
    private static final int END_SAMPLES = 10;

    private final Bench bench;

    MemoryStress(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        double fps = Double.parseDouble(bench.option("fps", "12"));
        int stepSeconds = Integer.parseInt(bench.option("step-seconds", "10"));
        int maxCameras = Integer.parseInt(bench.option("max-cameras", "40"));
        double idlePercent = Double.parseDouble(bench.option("idle-percent", "50"));
        String heap = bench.option("heap", "128m");
        Path clip = bench.clip(bench.option("source", "720p-gop50"));
        Path routes = bench.work().resolve("routes-stress");

        double idleMb = calibrate(clip, fps, heap, routes);
        long limitMb = Math.round(idleMb * 100 / idlePercent);
        System.out.printf(Locale.ROOT, "stress: footprint with one camera %.0f MB: limit %d MB%n", idleMb, limitMb);

        List<Sample> samples = new CopyOnWriteArrayList<>();
        // The sampler thread reads how many cameras the cameras file has now.
        AtomicInteger cameras = new AtomicInteger(1);
        boolean outOfMemory;
        boolean alive;
        double lastRemoval;
        RoutesDir.withCameras(routes, entries(clip, fps, 1));
        Path log = bench.work().resolve("service-stress.log");
        try (ServiceRun service = ServiceRun.start(routes, log, environment(heap, limitMb))) {
            Bench.awaitAllPublishing(service, 1);
            long start = System.nanoTime();
            Thread sampler = new Thread(() -> sample(service, samples, cameras, start), "stress-sampler");
            sampler.setDaemon(true);
            sampler.start();
            // Up: one camera more per step until the governor says EMERGENCY; then hold while it is held there.
            while (cameras.get() < maxCameras && level(samples) < 3) {
                Thread.sleep(stepSeconds * 1000L);
                RoutesDir.rewriteCameras(routes, entries(clip, fps, cameras.incrementAndGet()));
            }
            Thread.sleep(3L * stepSeconds * 1000L);
            // Down: one camera fewer per step, then a while for the memory and the level to come back.
            lastRemoval = 0;
            while (cameras.get() > 1) {
                RoutesDir.rewriteCameras(routes, entries(clip, fps, cameras.decrementAndGet()));
                lastRemoval = (System.nanoTime() - start) / 1e9;
                if (cameras.get() > 1) {
                    Thread.sleep(stepSeconds * 1000L);
                }
            }
            Thread.sleep(SETTLE_SECONDS * 1000L);
            sampler.interrupt();
            alive = service.isAlive();
        }
        outOfMemory = Files.readString(log).contains("OutOfMemoryError");
        String report = report(samples, idleMb, limitMb, fps, heap, alive, outOfMemory)
                        + recovery(samples, idleMb, lastRemoval);
        System.out.println(report);
        bench.append(report);
    }

    /** The footprint of the service with one camera streaming: the median of 10 samples after a settling time. */
    private double calibrate(Path clip, double fps, String heap, Path routes) throws Exception {
        RoutesDir.withCameras(routes, entries(clip, fps, 1));
        try (ServiceRun service = ServiceRun.start(routes, bench.work().resolve("service-calibration.log"),
                Map.of("EDGEVIDEO_HEAP", heap, "EDGEVIDEO_MEMORY_ENABLED", "false"))) {
            Bench.awaitAllPublishing(service, 1);
            Thread.sleep(20_000);
            List<Double> rss = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rss.add(service.rssMb());
                Thread.sleep(1000);
            }
            return Stats.median(rss);
        }
    }

    private static Map<String, String> environment(String heap, long limitMb) {
        return Map.of("EDGEVIDEO_HEAP", heap,
                "EDGEVIDEO_MEMORY_MAX_MEMORY_MB", Long.toString(limitMb),
                "EDGEVIDEO_MEMORY_WARNING_PERCENT", fmt(THRESHOLDS[1]),
                "EDGEVIDEO_MEMORY_CRITICAL_PERCENT", fmt(THRESHOLDS[2]),
                "EDGEVIDEO_MEMORY_EMERGENCY_PERCENT", fmt(THRESHOLDS[3]),
                "EDGEVIDEO_MEMORY_HYSTERESIS_PERCENT", fmt(HYSTERESIS));
    }

    private static String[] entries(Path clip, double fps, int cameras) {
        String[] entries = new String[cameras];
        for (int i = 0; i < cameras; i++) {
            entries[i] = ServiceRun.camera(i + 1, clip, fps);
        }
        return entries;
    }

    private static int level(List<Sample> samples) {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).level;
    }

    /**
     * Samples once a second. Frames delivered are summed from each camera's own counter, over the cameras present
     * in two successive scrapes: a removed camera's counter leaves the metrics with it.
     */
    private static void sample(ServiceRun service, List<Sample> samples, AtomicInteger cameras, long start) {
        Map<String, Map<String, Double>> previous = Map.of();
        double delivered = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                double t = (System.nanoTime() - start) / 1e9;
                Metrics metrics = service.metrics();
                int level = metrics.memoryLevel();
                Map<String, Map<String, Double>> published = metrics.published();
                for (Map.Entry<String, Map<String, Double>> camera : published.entrySet()) {
                    Map<String, Double> before = previous.get(camera.getKey());
                    if (before != null) {
                        delivered += camera.getValue().getOrDefault("redis", 0.0) - before.getOrDefault("redis", 0.0);
                    }
                }
                previous = published;
                if (level >= 0) {
                    samples.add(new Sample(t, cameras.get(), service.rssMb(), level, delivered));
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a scrape during a reload may fail; the next second tries again
            }
        }
    }

    private static String report(List<Sample> samples, double idleMb, long limitMb, double fps, String heap,
                                 boolean alive, boolean outOfMemory) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n### stress: real RSS, limit %d MB (one camera: %.0f MB), cameras at %s fps, heap %s (%s)%n%n"
                + "Thresholds %s / %s / %s %% of the limit (%d / %d / %d MB), hysteresis %s %%.%n%n"
                + "| t s | change | cameras | RSS MB | %% of limit | reaction s |%n|---|---|---|---|---|---|%n",
                limitMb, idleMb, Bench.trim(fps), heap, Bench.now(), fmt(THRESHOLDS[1]), fmt(THRESHOLDS[2]),
                fmt(THRESHOLDS[3]), mb(limitMb, 1), mb(limitMb, 2), mb(limitMb, 3), fmt(HYSTERESIS)));
        List<int[]> stretches = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample previous = samples.get(i - 1);
            Sample now = samples.get(i);
            if (now.level != previous.level) {
                out.append(String.format(Locale.ROOT, "| %.0f | %s → %s | %d | %.0f | %.0f | %s |%n", now.t,
                        LEVELS[previous.level], LEVELS[now.level], now.cameras, now.rssMb, 100 * now.rssMb / limitMb,
                        reaction(samples, i, limitMb)));
                stretches.add(new int[] {from, i - 1});
                from = i;
            }
        }
        stretches.add(new int[] {from, samples.size() - 1});
        out.append("\n| from s | to s | level | cameras | RSS MB min–max | delivered to Redis, fps all / per camera |\n"
                   + "|---|---|---|---|---|---|\n");
        for (int[] stretch : stretches) {
            Sample first = samples.get(stretch[0]);
            Sample last = samples.get(stretch[1]);
            double seconds = last.t - first.t;
            double rate = seconds > 0 ? (last.redisFrames - first.redisFrames) / seconds : Double.NaN;
            List<Sample> part = samples.subList(stretch[0], stretch[1] + 1);
            double cameras = part.stream().mapToInt(s -> s.cameras).average().orElse(0);
            out.append(String.format(Locale.ROOT, "| %.0f | %.0f | %s | %d–%d | %.0f–%.0f | %.1f / %.2f |%n", first.t, last.t,
                    LEVELS[first.level], part.stream().mapToInt(s -> s.cameras).min().orElse(0),
                    part.stream().mapToInt(s -> s.cameras).max().orElse(0),
                    part.stream().mapToDouble(s -> s.rssMb).min().orElse(0),
                    part.stream().mapToDouble(s -> s.rssMb).max().orElse(0), rate, rate / cameras));
        }
        out.append(String.format(Locale.ROOT, "%nPeak RSS %.0f MB; service alive at the end: %s; OutOfMemoryError in its log: %s%n",
                samples.stream().mapToDouble(s -> s.rssMb).max().orElse(Double.NaN), alive, outOfMemory));
        return out.toString();
    }

    /**
     * Whether the memory came back after the last removal: the RSS at the end (median of the last seconds) against
     * the one-camera footprint, and the seconds from the last removal to the first sample from which the governor
     * reported NORMAL until the end (0 when it was back at NORMAL before the last removal).
     */
    private static String recovery(List<Sample> samples, double idleMb, double lastRemoval) {
        List<Sample> after = samples.stream().filter(s -> s.t >= lastRemoval).toList();
        if (after.isEmpty()) {
            return "\nNo sample after the last removal.\n";
        }
        List<Double> end = after.subList(Math.max(0, after.size() - END_SAMPLES), after.size()).stream()
                .map(Sample::rssMb).toList();
        double endMb = Stats.median(end);
        Sample last = samples.get(samples.size() - 1);
        int normalFrom = samples.size();
        while (normalFrom > 0 && samples.get(normalFrom - 1).level == 0) {
            normalFrom--;
        }
        String toNormal;
        if (normalFrom == samples.size()) {
            toNormal = String.format(Locale.ROOT, "not within %.0f s (%s at the end)", last.t - lastRemoval,
                    LEVELS[last.level]);
        } else if (samples.get(normalFrom).t <= lastRemoval) {
            toNormal = String.format(Locale.ROOT, "0 s (NORMAL since %.0f s before it)",
                    lastRemoval - samples.get(normalFrom).t);
        } else {
            toNormal = String.format(Locale.ROOT, "%.0f s", samples.get(normalFrom).t - lastRemoval);
        }
        return String.format(Locale.ROOT, "%n| after the last removal | RSS at the end / one-camera footprint "
                + "| to NORMAL after the last removal |%n|---|---|---|%n| %.0f s watched | %.0f / %.0f MB = %.2f× "
                + "| %s |%n", last.t - lastRemoval, endMb, idleMb, endMb / idleMb, toNormal);
    }

    /**
     * Seconds from the first sample whose RSS called for the new level (at or over its threshold going up, under
     * the left level's threshold minus the hysteresis going down) to the sample that reported it; "-" when the RSS
     * did not call for it (the system signal, or the emergency hold ending).
     */
    private static String reaction(List<Sample> samples, int changedAt, long limitMb) {
        Sample changed = samples.get(changedAt);
        int previousLevel = samples.get(changedAt - 1).level;
        boolean up = changed.level > previousLevel;
        double boundary = up ? THRESHOLDS[changed.level] : THRESHOLDS[previousLevel] - HYSTERESIS;
        int first = changedAt;
        while (first > 0 && calls(samples.get(first - 1), boundary, up, limitMb)) {
            first--;
        }
        if (!calls(samples.get(first), boundary, up, limitMb)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", changed.t - samples.get(first).t);
    }

    private static boolean calls(Sample sample, double boundaryPercent, boolean up, long limitMb) {
        double percent = 100 * sample.rssMb / limitMb;
        return up ? percent >= boundaryPercent : percent < boundaryPercent;
    }

    private static long mb(long limitMb, int level) {
        return Math.round(limitMb * THRESHOLDS[level] / 100);
    }

    private static String fmt(double value) {
        return Bench.trim(value);
    }

    /** One second of the run. */
    private record Sample(double t, int cameras, double rssMb, int level, double redisFrames) {
    }
}
