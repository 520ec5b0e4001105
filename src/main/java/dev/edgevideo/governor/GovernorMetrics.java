package dev.edgevideo.governor;

import java.util.Objects;
import java.util.Optional;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the governor's state as Micrometer meters, named here for dashboards, alerts and tests. The governor
 * knows nothing of Micrometer: every meter reads the governor when scraped. The per-camera effects of the governor
 * (throttled, paused) are counted on the cameras themselves, with the other camera meters.
 * <p>
 * Counters are named without {@code _total}: Micrometer's Prometheus registry appends it, so {@link #GC} is
 * scraped as {@code edge_video_memory_gc_total}. Gauges carry no base unit, because the unit is already in the
 * name and a base unit would be appended a second time.
 */
public final class GovernorMetrics implements MeterBinder {

    public static final String USAGE_PERCENT = "edge_video_memory_usage_percent";
    public static final String ALLOC_MB = "edge_video_memory_alloc_mb";
    public static final String LEVEL = "edge_video_memory_level";
    public static final String GC = "edge_video_memory_gc";

    private final MemoryGovernor governor;

    public GovernorMetrics(MemoryGovernor governor) {
        this.governor = Objects.requireNonNull(governor, "governor");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(USAGE_PERCENT, governor, g -> g.status().processPercent())
                .description("Process resident memory as a percentage of the memory limit")
                .strongReference(true)
                .register(registry);
        Gauge.builder(ALLOC_MB, governor, g -> Optional.ofNullable(g.status().snapshot())
                        .map(MemorySnapshot::processRssMb).orElse(Double.NaN))
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
    }
}
