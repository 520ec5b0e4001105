package dev.edgevideo.metrics;

import java.util.function.ToDoubleFunction;

import dev.edgevideo.governor.SystemSnapshot;
import dev.edgevideo.status.StatusService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The process and the host as seed 001 reports them, read by the status service through the shared OSHI probe every
 * {@code edgevideo.metrics.system-interval-seconds} (5 s) off the hot path; the gauges return the last reading.
 */
public class SystemMetrics implements MeterBinder {

    private final StatusService status;

    public SystemMetrics(StatusService status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "edge_video_process_cpu_percent", "CPU used by the process, percent of one core",
                SystemSnapshot::cpuPercent);
        gauge(registry, "edge_video_process_rss_mb", "Resident memory of the process in MB", SystemSnapshot::rssMb);
        gauge(registry, "edge_video_system_ram_total_mb", "Physical RAM of the host in MB", SystemSnapshot::ramTotalMb);
        gauge(registry, "edge_video_system_ram_used_percent", "RAM in use on the host by all processes, percent",
                SystemSnapshot::ramUsedPercent);
        gauge(registry, "edge_video_threads", "Threads of the process, native ones included", SystemSnapshot::threads);
    }

    private void gauge(MeterRegistry registry, String name, String description,
                       ToDoubleFunction<SystemSnapshot> value) {
        Gauge.builder(name, status, s -> value.applyAsDouble(s.system()))
                .description(description)
                .strongReference(true)
                .register(registry);
    }
}
