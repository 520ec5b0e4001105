package dev.edgevideo.governor;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governor inside Camel: samples it and runs its reclaims on threads from Camel's
 * {@link ExecutorServiceManager} while the CamelContext runs, and publishes it over JMX, where operators read the
 * level and usage and tune thresholds and caps without a restart.
 * <p>
 * Add it with {@code camelContext.addService(...)} while the context is being configured: Camel starts services
 * before routes (so cameras start with a real level), stops them after the routes, and registers a service
 * annotated with {@link ManagedResource} as
 * {@code org.apache.camel:context=<name>,type=services,name=ManagedMemoryGovernor}. It is a
 * {@link StaticService}, one per context, so the name carries no instance hash and tools can rely on it.
 * <p>
 * Each setter changes one setting through {@link MemoryGovernor#reconfigure}, so an invalid value is refused in
 * the settings' one error format and the settings in force stay.
 */
@ManagedResource(description = "Memory governor: memory level and per-level frame rate caps of the cameras")
public class ManagedMemoryGovernor extends ServiceSupport implements StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedMemoryGovernor.class);
    /** A collection taking longer than this is reported as failed to the JMX caller; it still completes. */
    private static final long FORCE_GC_TIMEOUT_SECONDS = 60;
    /** Manual requests can queue behind a running collection; more than this many waiting is pointless. */
    private static final int RECLAIM_QUEUE_CAPACITY = 4;

    private final CamelContext camelContext;
    private final MemoryGovernor governor;
    private ScheduledExecutorService sampler;
    private ExecutorService reclaimExecutor;
    /** Only touched by the sampling thread and {@link #doStart()}, which runs before it exists. */
    private volatile boolean probeFailing;

    /** @param governor the governor to sample, run and expose */
    public ManagedMemoryGovernor(CamelContext camelContext, MemoryGovernor governor) {
        this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
        this.governor = Objects.requireNonNull(governor, "governor");
    }

    /**
     * Starts the reclaim thread (requested collections work even with the governor disabled), then, when
     * enabled, takes a first sample on the calling thread, so cameras started next already see the real level,
     * logs the limit and thresholds, and samples every {@code checkInterval}.
     */
    @Override
    protected void doStart() {
        ExecutorServiceManager threads = camelContext.getExecutorServiceManager();
        // One thread that exists only while there is work: collections are rare.
        reclaimExecutor = threads.newThreadPool(this, "MemoryGovernorReclaim",
                new ThreadPoolProfileBuilder("MemoryGovernorReclaim").poolSize(1).maxPoolSize(1)
                        .keepAliveTime(30L, TimeUnit.SECONDS).allowCoreThreadTimeOut(true)
                        .maxQueueSize(RECLAIM_QUEUE_CAPACITY).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        governor.reclaims().runOn(reclaimExecutor);

        MemoryGovernorSettings cfg = governor.settings();
        if (!cfg.isEnabled()) {
            LOG.info("Memory governor disabled ({}enabled=false): cameras run at their own rate",
                    MemoryGovernorSettings.PREFIX);
            return;
        }
        MemoryStatus first = sampleSafely();
        LOG.info("Memory governor started: limit {}, levels WARNING {} % / CRITICAL {} % / EMERGENCY {} %"
                 + " (left {} points below), caps {} / {} / {} fps, GC from {} % at most every {} s,"
                 + " sampling every {} s",
                describeLimit(cfg, first), cfg.getWarningPercent(), cfg.getCriticalPercent(),
                cfg.getEmergencyPercent(), cfg.getHysteresisPercent(), cfg.getWarningMaxFps(),
                cfg.getCriticalMaxFps(), cfg.getEmergencyMaxFps(), cfg.getGcTriggerPercent(),
                cfg.getMinGcIntervalSeconds(), cfg.getCheckIntervalSeconds());
        // The check interval is not writable at run time, so a fixed delay is the whole schedule.
        long interval = cfg.checkInterval().toNanos();
        sampler = threads.newSingleThreadScheduledExecutor(this, "MemoryGovernor");
        sampler.scheduleWithFixedDelay(this::sampleSafely, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** Stops sampling and reclaiming; the level and counters keep their last values. */
    @Override
    protected void doStop() {
        ExecutorServiceManager threads = camelContext.getExecutorServiceManager();
        if (sampler != null) {
            threads.shutdownNow(sampler);
            sampler = null;
            LOG.info("Memory governor stopped after {} forced GCs", governor.gcCount());
        }
        governor.reclaims().runOn(null);
        if (reclaimExecutor != null) {
            threads.shutdownNow(reclaimExecutor);
            reclaimExecutor = null;
        }
    }

    /**
     * A failed reading must not end the sampling loop: keep the last level and try again next time. A failure
     * that persists is logged once at WARN and again when readings come back, not every interval.
     */
    private MemoryStatus sampleSafely() {
        try {
            MemoryStatus sampled = governor.sampleNow();
            if (probeFailing) {
                probeFailing = false;
                LOG.info("Memory governor reads memory again: level {}", sampled.level());
            }
            return sampled;
        } catch (RuntimeException e) {
            if (probeFailing) {
                LOG.debug("Memory governor still cannot read memory", e);
            } else {
                probeFailing = true;
                LOG.warn("Memory governor cannot read memory, keeping level {} until it can: {}",
                        governor.level(), e.toString());
            }
            return governor.status();
        }
    }

    private static String describeLimit(MemoryGovernorSettings cfg, MemoryStatus first) {
        if (!cfg.isAutoLimit()) {
            return cfg.getMaxMemoryMb() + " MB (" + MemoryGovernorSettings.PREFIX + "max-memory-mb)";
        }
        if (first.snapshot() == null) {
            return "unknown until memory can be read (auto)";
        }
        return first.limitMb() + " MB (auto: " + Math.round(MemoryGovernorSettings.AUTO_LIMIT_FRACTION * 100)
               + " % of " + first.snapshot().systemTotalBytes() / (1024 * 1024) + " MB system RAM)";
    }

    @ManagedAttribute(description = "Memory level: NORMAL, WARNING, CRITICAL or EMERGENCY")
    public String getLevel() {
        return governor.level().name();
    }

    @ManagedAttribute(description = "Memory level code: 0 NORMAL to 3 EMERGENCY")
    public int getLevelCode() {
        return governor.level().code();
    }

    @ManagedAttribute(description = "Process resident memory as a percentage of the limit")
    public double getUsagePercent() {
        return governor.status().processPercent();
    }

    @ManagedAttribute(description = "RAM used by all processes as a percentage of the system's RAM")
    public double getSystemUsedPercent() {
        return governor.status().systemUsedPercent();
    }

    @ManagedAttribute(description = "Which memory set the level: PROCESS or SYSTEM")
    public String getSignal() {
        return governor.status().signal().name();
    }

    @ManagedAttribute(description = "Process memory limit in effect, in MB")
    public long getLimitMb() {
        return governor.status().limitMb();
    }

    @ManagedAttribute(description = "Whether cameras are paused (held at the emergency frame rate)")
    public boolean isPaused() {
        return governor.isPaused();
    }

    @ManagedAttribute(description = "Forced garbage collections so far")
    public long getForcedGcCount() {
        return governor.gcCount();
    }

    @ManagedAttribute(description = "All settings in force, as key=value")
    public String getConfiguration() {
        return governor.settings().toString();
    }

    @ManagedAttribute(description = "Configured process memory limit in MB, 0 for 75 % of the system's RAM")
    public long getMaxMemoryMb() {
        return governor.settings().getMaxMemoryMb();
    }

    @ManagedAttribute
    public void setMaxMemoryMb(long value) {
        governor.reconfigure(s -> s.setMaxMemoryMb(value));
    }

    @ManagedAttribute(description = "Usage percentage at which WARNING starts")
    public double getWarningPercent() {
        return governor.settings().getWarningPercent();
    }

    @ManagedAttribute
    public void setWarningPercent(double value) {
        governor.reconfigure(s -> s.setWarningPercent(value));
    }

    @ManagedAttribute(description = "Usage percentage at which CRITICAL starts")
    public double getCriticalPercent() {
        return governor.settings().getCriticalPercent();
    }

    @ManagedAttribute
    public void setCriticalPercent(double value) {
        governor.reconfigure(s -> s.setCriticalPercent(value));
    }

    @ManagedAttribute(description = "Usage percentage at which EMERGENCY starts")
    public double getEmergencyPercent() {
        return governor.settings().getEmergencyPercent();
    }

    @ManagedAttribute
    public void setEmergencyPercent(double value) {
        governor.reconfigure(s -> s.setEmergencyPercent(value));
    }

    @ManagedAttribute(description = "Points below a level's threshold that usage must fall to before it is left")
    public double getHysteresisPercent() {
        return governor.settings().getHysteresisPercent();
    }

    @ManagedAttribute
    public void setHysteresisPercent(double value) {
        governor.reconfigure(s -> s.setHysteresisPercent(value));
    }

    @ManagedAttribute(description = "Process usage percentage from which garbage collections are forced")
    public double getGcTriggerPercent() {
        return governor.settings().getGcTriggerPercent();
    }

    @ManagedAttribute
    public void setGcTriggerPercent(double value) {
        governor.reconfigure(s -> s.setGcTriggerPercent(value));
    }

    @ManagedAttribute(description = "Frame rate cap while WARNING")
    public double getWarningMaxFps() {
        return governor.settings().getWarningMaxFps();
    }

    @ManagedAttribute
    public void setWarningMaxFps(double value) {
        governor.reconfigure(s -> s.setWarningMaxFps(value));
    }

    @ManagedAttribute(description = "Frame rate cap while CRITICAL")
    public double getCriticalMaxFps() {
        return governor.settings().getCriticalMaxFps();
    }

    @ManagedAttribute
    public void setCriticalMaxFps(double value) {
        governor.reconfigure(s -> s.setCriticalMaxFps(value));
    }

    @ManagedAttribute(description = "Frame rate cap while EMERGENCY")
    public double getEmergencyMaxFps() {
        return governor.settings().getEmergencyMaxFps();
    }

    @ManagedAttribute
    public void setEmergencyMaxFps(double value) {
        governor.reconfigure(s -> s.setEmergencyMaxFps(value));
    }

    /**
     * Forces a garbage collection on the governor's reclaim thread and waits for it.
     *
     * @return the duration and the memory before and after
     */
    @ManagedOperation(description = "Force a garbage collection and report the memory before and after")
    public String forceGc() {
        try {
            return "GC " + governor.forceGc().get(FORCE_GC_TIMEOUT_SECONDS, TimeUnit.SECONDS).figures();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the forced GC", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Forced GC failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Forced GC still running after " + FORCE_GC_TIMEOUT_SECONDS + " s", e);
        }
    }
}
