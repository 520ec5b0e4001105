package dev.edgevideo.governor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.edgevideo.camera.CameraRegistry;

import static dev.edgevideo.governor.MemoryGovernorSettings.number;
import static dev.edgevideo.governor.MemorySnapshot.MB;

/**
 * What the memory HTTP API ({@code /api/v1/memory/...}, routes in {@code routes/memory-api.camel.yaml}) answers:
 * plain maps that the route marshals to JSON. Field names are snake_case like the rest of the published data.
 */
public class MemoryApi {

    /** How long a GC request may take before the API answers without its figures. */
    private static final Duration RECLAIM_WAIT = Duration.ofSeconds(10);

    private final MemoryGovernor governor;
    private final CameraRegistry cameraRegistry;

    public MemoryApi(MemoryGovernor governor, CameraRegistry cameraRegistry) {
        this.governor = governor;
        this.cameraRegistry = cameraRegistry;
    }

    /** The health status of a level: the governor's own verdict, so the API never contradicts the caps. */
    static String status(MemoryLevel level) {
        return level == MemoryLevel.NORMAL ? "ok" : level.name().toLowerCase(Locale.ROOT);
    }

    /** What to do at the level, with the configured thresholds and caps the governor applies there. */
    static String recommendation(MemoryLevel level, boolean held, MemoryGovernorSettings cfg) {
        if (!cfg.isEnabled()) {
            return "Memory governor disabled (" + MemoryGovernorSettings.PREFIX + "enabled=false): cameras are not"
                   + " capped; watch usage yourself.";
        }
        String leaves = level == MemoryLevel.NORMAL ? ""
                : " Left below " + number(cfg.threshold(level) - cfg.getHysteresisPercent()) + " %.";
        String advice = switch (level) {
            case NORMAL -> "No action needed: usage below " + number(cfg.getWarningPercent()) + " % ("
                           + MemoryGovernorSettings.PREFIX + "warning-percent).";
            case WARNING -> "Cameras capped at " + number(cfg.getWarningMaxFps()) + " fps."
                            + " Preventive optimisation: POST /api/v1/memory/optimize, or lower the cameras' fps.";
            case CRITICAL -> "Cameras capped at " + number(cfg.getCriticalMaxFps()) + " fps, native memory released."
                             + " POST /api/v1/memory/optimize/force; add memory or remove cameras.";
            case EMERGENCY -> "Cameras paused at " + number(cfg.getEmergencyMaxFps()) + " fps."
                              + " Emergency clean-up: POST /api/v1/memory/optimize/force; add memory or remove"
                              + " cameras.";
        };
        String hold = held && level != MemoryLevel.EMERGENCY
                ? " Cameras held at " + number(cfg.getEmergencyMaxFps()) + " fps by an optimize request until usage is"
                  + " below WARNING."
                : "";
        return advice + leaves + hold;
    }

    /** {@code GET /api/v1/memory/health}: level, usage, the status the level means and what to do. */
    public Map<String, Object> health() {
        MemoryStatus status = governor.status();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status(status.level()));
        answer.put("level", status.level().name());
        answer.put("level_code", status.level().code());
        answer.put("usage_percent", round(status.processPercent()));
        answer.put("system_used_percent", round(status.systemUsedPercent()));
        answer.put("signal", status.signal().name().toLowerCase(Locale.ROOT));
        answer.put("limit_mb", status.limitMb());
        answer.put("paused", governor.isPaused());
        answer.put("recommendation", recommendation(status.level(), governor.isPaused(), governor.settings()));
        return answer;
    }

    /** {@code GET /api/v1/memory/stats}: the small, fast figures for polling. */
    public Map<String, Object> stats() {
        MemoryStatus status = governor.status();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("level", status.level().name());
        answer.put("usage_percent", round(status.processPercent()));
        answer.put("rss_mb", status.snapshot() == null ? null : round(status.snapshot().processRssMb()));
        answer.put("limit_mb", status.limitMb());
        answer.put("gc_total", governor.gcCount());
        return answer;
    }

    /** {@code GET /api/v1/memory/profile}: where the memory is, GC counts and an estimate per camera. */
    public Map<String, Object> profile() {
        MemorySnapshot snapshot = governor.status().snapshot();
        Map<String, Object> answer = new LinkedHashMap<>(health());
        if (snapshot != null) {
            answer.put("rss_mb", round(snapshot.processRssMb()));
            answer.put("heap_used_mb", round(snapshot.heapUsedBytes() / MB));
            answer.put("heap_max_mb", snapshot.heapMaxBytes() < 0 ? null : round(snapshot.heapMaxBytes() / MB));
            answer.put("native_tracked_mb", round(snapshot.nativeTrackedBytes() / MB));
            answer.put("system_total_mb", round(snapshot.systemTotalBytes() / MB));
            answer.put("system_used_mb", round(snapshot.systemUsedBytes() / MB));
            int cameras = cameraRegistry.cameras().size();
            // FFmpeg's decoders allocate outside anything the JVM or JavaCPP can count, so resident memory is
            // the honest basis: an upper bound per camera (it includes the JVM's own share).
            answer.put("cameras", cameras);
            answer.put("per_camera_rss_mb_upper_bound",
                    cameras == 0 ? null : round(snapshot.processRssMb() / cameras));
        }
        answer.put("forced_gc_total", governor.gcCount());
        answer.put("jvm_gc", jvmGcCounts());
        MemoryGovernorSettings settings = governor.settings();
        answer.put("thresholds_percent", Map.of("warning", settings.getWarningPercent(),
                "critical", settings.getCriticalPercent(), "emergency", settings.getEmergencyPercent()));
        return answer;
    }

    /** {@code POST /api/v1/memory/gc/force}: a GC now (off the HTTP thread), with before/after. */
    public Map<String, Object> forceGc() throws InterruptedException {
        return reclaimed("gc", governor.forceGc());
    }

    /** {@code POST /api/v1/memory/optimize}: GC plus native release, with before/after. */
    public Map<String, Object> optimize() throws InterruptedException {
        return reclaimed("optimize", governor.optimize(false));
    }

    /**
     * {@code POST /api/v1/memory/optimize/force}: as optimize, and cameras are held at the emergency rate until
     * usage is below WARNING.
     */
    public Map<String, Object> optimizeForce() throws InterruptedException {
        return reclaimed("optimize_force", governor.optimize(true));
    }

    private Map<String, Object> reclaimed(String action, Future<ReclaimResult> reclaim) throws InterruptedException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", action);
        try {
            ReclaimResult result = reclaim.get(RECLAIM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            answer.put("status", "done");
            answer.put("native_released", result.nativeReleased());
            answer.put("duration_ms", result.duration().toMillis());
            answer.put("before", figures(result.before()));
            answer.put("after", figures(result.after()));
            answer.put("freed_rss_mb", round(result.freedProcessBytes() / MB));
            answer.put("freed_heap_mb", round(result.freedHeapBytes() / MB));
        } catch (TimeoutException e) {
            answer.put("status", "running");
            answer.put("message", "still running after " + RECLAIM_WAIT.toSeconds()
                    + " s; see GET /api/v1/memory/stats");
        } catch (ExecutionException e) {
            answer.put("status", "failed");
            answer.put("message", String.valueOf(e.getCause()));
        }
        answer.put("paused", governor.isPaused());
        return answer;
    }

    private static Map<String, Object> figures(MemorySnapshot snapshot) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rss_mb", round(snapshot.processRssMb()));
        figures.put("heap_used_mb", round(snapshot.heapUsedBytes() / MB));
        figures.put("native_tracked_mb", round(snapshot.nativeTrackedBytes() / MB));
        return figures;
    }

    private static Map<String, Long> jvmGcCounts() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().collect(Collectors.toMap(
                GarbageCollectorMXBean::getName, GarbageCollectorMXBean::getCollectionCount, (a, b) -> b,
                LinkedHashMap::new));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
