package dev.edgevideo.governor;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static dev.edgevideo.governor.GovernorMetricNames.ALLOC_MB;
import static dev.edgevideo.governor.GovernorMetricNames.GC;
import static dev.edgevideo.governor.GovernorMetricNames.LEVEL;
import static dev.edgevideo.governor.GovernorMetricNames.USAGE_PERCENT;

/**
 * Publishes the governor's state as Micrometer meters (names in {@link GovernorMetricNames}). The governor knows
 * nothing of Micrometer: every meter reads the governor when scraped. The per-camera effects of the governor
 * (throttled, paused) are counted on the cameras themselves, with the other camera meters.
 */
public final class GovernorMetrics implements MeterBinder {

    private final MemoryGovernor governor;

    public GovernorMetrics(MemoryGovernor governor) {
        this.governor = Objects.requireNonNull(governor, "governor");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
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
    }
}
