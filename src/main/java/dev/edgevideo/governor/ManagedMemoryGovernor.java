package dev.edgevideo.governor;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * The governor inside Camel: started and stopped with the CamelContext and published over JMX, where operators
 * read the level and usage and tune thresholds and caps without a restart.
 * <p>
 * Add it with {@code camelContext.addService(new ManagedMemoryGovernor(governor))} while the context is being
 * configured: Camel starts services before routes (so cameras start with a real level), stops them after the
 * routes, and registers a service annotated with {@link ManagedResource} as
 * {@code org.apache.camel:context=<name>,type=services,name=ManagedMemoryGovernor}. It is a
 * {@link StaticService}, one per context, so the name carries no instance hash and tools can rely on it.
 * <p>
 * Setters change one setting through {@link MemoryGovernor#reconfigure}; an invalid value is refused with a
 * message naming the property key and range, and the settings in force stay. The attributes are documented by
 * their {@link ManagedAttribute} descriptions, which is what JMX consoles show.
 */
@ManagedResource(description = "Memory governor: memory level and per-level frame rate caps of the cameras")
public class ManagedMemoryGovernor implements StaticService {

    /** A collection taking longer than this is reported as failed to the JMX caller; it still completes. */
    private static final long FORCE_GC_TIMEOUT_SECONDS = 60;

    private final MemoryGovernor governor;

    /** @param governor the governor to start, stop and expose */
    public ManagedMemoryGovernor(MemoryGovernor governor) {
        this.governor = Objects.requireNonNull(governor, "governor");
    }

    /** The governor this exposes. */
    public MemoryGovernor getGovernor() {
        return governor;
    }

    @Override
    public void start() {
        governor.start();
    }

    @Override
    public void stop() {
        governor.stop();
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
        return governor.usagePercent();
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

    @ManagedAttribute(description = "All settings in force")
    public String getConfiguration() {
        return governor.config().toString();
    }

    @ManagedAttribute(description = "Configured process memory limit in MB, 0 for 75 % of the system's RAM")
    public long getMaxMemoryMb() {
        return governor.config().getMaxMemoryMb();
    }

    @ManagedAttribute
    public void setMaxMemoryMb(long value) {
        governor.reconfigure(b -> b.maxMemoryMb(value));
    }

    @ManagedAttribute(description = "Usage percentage at which WARNING starts")
    public double getWarningPercent() {
        return governor.config().getWarningPercent();
    }

    @ManagedAttribute
    public void setWarningPercent(double value) {
        governor.reconfigure(b -> b.warningPercent(value));
    }

    @ManagedAttribute(description = "Usage percentage at which CRITICAL starts")
    public double getCriticalPercent() {
        return governor.config().getCriticalPercent();
    }

    @ManagedAttribute
    public void setCriticalPercent(double value) {
        governor.reconfigure(b -> b.criticalPercent(value));
    }

    @ManagedAttribute(description = "Usage percentage at which EMERGENCY starts")
    public double getEmergencyPercent() {
        return governor.config().getEmergencyPercent();
    }

    @ManagedAttribute
    public void setEmergencyPercent(double value) {
        governor.reconfigure(b -> b.emergencyPercent(value));
    }

    @ManagedAttribute(description = "Points below a level's threshold that usage must fall to before it is left")
    public double getHysteresisPercent() {
        return governor.config().getHysteresisPercent();
    }

    @ManagedAttribute
    public void setHysteresisPercent(double value) {
        governor.reconfigure(b -> b.hysteresisPercent(value));
    }

    @ManagedAttribute(description = "Process usage percentage from which garbage collections are forced")
    public double getGcTriggerPercent() {
        return governor.config().getGcTriggerPercent();
    }

    @ManagedAttribute
    public void setGcTriggerPercent(double value) {
        governor.reconfigure(b -> b.gcTriggerPercent(value));
    }

    @ManagedAttribute(description = "Frame rate cap while WARNING")
    public double getWarningMaxFps() {
        return governor.config().getWarningMaxFps();
    }

    @ManagedAttribute
    public void setWarningMaxFps(double value) {
        governor.reconfigure(b -> b.warningMaxFps(value));
    }

    @ManagedAttribute(description = "Frame rate cap while CRITICAL")
    public double getCriticalMaxFps() {
        return governor.config().getCriticalMaxFps();
    }

    @ManagedAttribute
    public void setCriticalMaxFps(double value) {
        governor.reconfigure(b -> b.criticalMaxFps(value));
    }

    @ManagedAttribute(description = "Frame rate cap while EMERGENCY")
    public double getEmergencyMaxFps() {
        return governor.config().getEmergencyMaxFps();
    }

    @ManagedAttribute
    public void setEmergencyMaxFps(double value) {
        governor.reconfigure(b -> b.emergencyMaxFps(value));
    }

    /**
     * Forces a garbage collection on the governor's reclaim thread and waits for it.
     *
     * @return the duration and the memory before and after
     */
    @ManagedOperation(description = "Force a garbage collection and report the memory before and after")
    public String forceGc() {
        try {
            ReclaimResult r = governor.forceGc().get(FORCE_GC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return String.format(Locale.ROOT, "GC took %d ms: process %d MB -> %d MB, heap %d MB -> %d MB",
                    r.duration().toMillis(), Math.round(r.before().processRssMb()),
                    Math.round(r.after().processRssMb()), r.before().heapUsedBytes() >> 20,
                    r.after().heapUsedBytes() >> 20);
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
