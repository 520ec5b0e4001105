package dev.edgevideo.governor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static dev.edgevideo.governor.GovernorMetricNames.ALLOC_MB;
import static dev.edgevideo.governor.GovernorMetricNames.CAMERA_PAUSED;
import static dev.edgevideo.governor.GovernorMetricNames.CAMERA_THROTTLED;
import static dev.edgevideo.governor.GovernorMetricNames.GC;
import static dev.edgevideo.governor.GovernorMetricNames.LEVEL;
import static dev.edgevideo.governor.GovernorMetricNames.TAG_CAMERA_ID;
import static dev.edgevideo.governor.GovernorMetricNames.USAGE_PERCENT;

/**
 * Publishes the governor's state as Micrometer meters (names in {@link GovernorMetricNames}). The governor knows
 * nothing of Micrometer: every meter reads the governor when scraped.
 * <p>
 * Per-camera counters are registered the first time a camera asks the governor for a rate, on every registry
 * this binder was bound to; cameras seen before binding are registered by {@link #bindTo}.
 */
public final class GovernorMetrics implements MeterBinder {

    private final MemoryGovernor governor;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    /**
     * @param governor the governor to publish; this binder starts listening for its new cameras at once, so
     *                 create it before cameras start to catch every camera between creation and binding
     */
    public GovernorMetrics(MemoryGovernor governor) {
        this.governor = Objects.requireNonNull(governor, "governor");
        governor.addCameraListener(this::bindCamera);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Added before the known cameras are bound, so a camera appearing meanwhile is not missed; binding one
        // twice is harmless as Micrometer returns the meter already registered.
        registries.add(registry);
        Gauge.builder(USAGE_PERCENT, governor, MemoryGovernor::usagePercent)
                .description("Process resident memory as a percentage of the memory limit")
                .strongReference(true)
                .register(registry);
        Gauge.builder(ALLOC_MB, governor,
                        g -> g.lastSnapshot().map(MemorySnapshot::processRssMb).orElse(Double.NaN))
                .description("Process resident memory in MB")
                .strongReference(true)
                .register(registry);
        Gauge.builder(LEVEL, governor, g -> g.level().code())
                .description("Memory level: 0 NORMAL, 1 WARNING, 2 CRITICAL, 3 EMERGENCY")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder(GC, governor, MemoryGovernor::gcCount)
                .description("Forced garbage collections")
                .register(registry);
        for (String cameraId : governor.cameraIds()) {
            bindCamera(registry, cameraId);
        }
    }

    private void bindCamera(String cameraId) {
        for (MeterRegistry registry : registries) {
            bindCamera(registry, cameraId);
        }
    }

    private void bindCamera(MeterRegistry registry, String cameraId) {
        FunctionCounter.builder(CAMERA_THROTTLED, governor, g -> g.throttledCount(cameraId))
                .description("Times the camera was slowed below its own frame rate by the memory governor")
                .tag(TAG_CAMERA_ID, cameraId)
                .register(registry);
        FunctionCounter.builder(CAMERA_PAUSED, governor, g -> g.pausedCount(cameraId))
                .description("Times the camera was paused by the memory governor")
                .tag(TAG_CAMERA_ID, cameraId)
                .register(registry);
    }
}
