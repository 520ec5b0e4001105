package dev.edgevideo.governor;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.FrameRateCap;
import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each camera's allowed frame rate from memory pressure, so the service slows down instead of running the
 * host out of memory: the {@code memoryGovernor} bean, asked by the cameras ({@link FrameRateCap}) and the
 * routes' throttle ({@link #maxFramesPerPeriod}), and told by the camera registry when a camera stops capturing.
 * It owns no thread: {@link ManagedMemoryGovernor} samples it and runs its reclaims.
 * <p>
 * {@link #allowedFps} is on the cameras' hot path: it reads two volatiles and allocates nothing.
 */
public class MemoryGovernor implements FrameRateCap, CameraRegistryListener {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryGovernor.class);

    /** Always a validated copy that nothing else holds, replaced whole by {@link #reconfigure}. */
    private final AtomicReference<MemoryGovernorSettings> settings;
    private final MemoryProbe probe;
    private final ReclaimScheduler reclaims;
    private final Clock clock;
    private final AtomicReference<MemoryStatus> status;
    private final Object sampleLock = new Object();

    /** Set by {@link #optimize(boolean)}; cleared by the first sample below WARNING. */
    private volatile boolean holdUntilBelowWarning;
    private volatile boolean paused;
    /** Set by {@link #captureStopped()}; cleared by the sample that gets the reclaim it calls for submitted. */
    private final AtomicBoolean captureStopped = new AtomicBoolean();

    /**
     * A governor collecting with {@link System#gc()} and JavaCPP on the system clock; its reclaims run once its
     * {@link ManagedMemoryGovernor} is started.
     *
     * @param settings validated here, and copied: changing them later changes nothing
     * @throws ConfigurationException naming the first key out of range or out of order
     */
    public MemoryGovernor(MemoryGovernorSettings settings, MemoryProbe probe) {
        this(settings, probe, new JvmMemoryReclaimer(), null, Clock.systemUTC());
    }

    /**
     * @param reclaimExecutor runs every reclaim, must not run tasks on the submitting thread; {@code null} until
     *                        the Camel service provides one
     * @param clock           times levels, the emergency hold and the GC rate limit
     */
    MemoryGovernor(MemoryGovernorSettings settings, MemoryProbe probe, MemoryReclaimer reclaimer,
                   Executor reclaimExecutor, Clock clock) {
        this.settings = new AtomicReference<>(settings.validated());
        this.probe = Objects.requireNonNull(probe, "probe");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reclaims = new ReclaimScheduler(probe, reclaimer, clock, reclaimExecutor);
        this.status = new AtomicReference<>(MemoryStatus.initial(clock.instant()));
    }

    /** The reclaimer, for the Camel service to give it its executor. */
    ReclaimScheduler reclaims() {
        return reclaims;
    }

    /**
     * Reads memory now and applies the result: level, pause and, when due, a reclaim on the reclaim executor.
     * The Camel service calls this every {@code checkInterval}; it may also be called for fresh figures.
     *
     * @throws RuntimeException when the probe fails; the previous status stays
     */
    public MemoryStatus sampleNow() {
        MemorySnapshot snapshot = probe.sample();
        synchronized (sampleLock) {
            MemoryGovernorSettings cfg = settings.get();
            MemoryStatus previous = status.get();
            MemoryStatus next = MemoryLevelPolicy.next(previous, snapshot, cfg, clock.instant());
            status.set(next);
            if (next.level() != previous.level()) {
                logChange(previous.level(), next);
            }
            if (holdUntilBelowWarning && next.level() == MemoryLevel.NORMAL) {
                holdUntilBelowWarning = false;
                LOG.info("Memory below WARNING: cameras released from the optimize hold");
            }
            paused = next.level() == MemoryLevel.EMERGENCY || holdUntilBelowWarning;
            requestReclaimIfCalledFor(next, cfg);
            return next;
        }
    }

    /**
     * A reclaim when the level calls for one or a camera stopped capturing since the last one; a stop that finds
     * the reclaims rate-limited or busy is kept for a later sample, so the memory it freed is always given back.
     */
    private void requestReclaimIfCalledFor(MemoryStatus next, MemoryGovernorSettings cfg) {
        String reason = MemoryLevelPolicy.reclaimReason(next, cfg);
        boolean releaseNative = MemoryLevelPolicy.releasesNativeMemory(next.level());
        boolean stopped = cfg.isEnabled() && captureStopped.getAndSet(false);
        if (stopped) {
            reason = reason == null ? "capture stopped" : reason + ", capture stopped";
            releaseNative = true;
        }
        if (reason != null && !reclaims.requestIfDue(reason, releaseNative, cfg.minGcInterval()) && stopped) {
            captureStopped.set(true);
        }
    }

    /**
     * A camera stopped capturing: the native memory its FFmpeg session freed stays in the C library's heap, and the
     * Java heap G1 grew into stays committed, both counted in the resident memory the level is decided by, until a
     * reclaim gives them back. The next sample asks for one (collection, JavaCPP release, {@code malloc_trim}) on
     * the reclaim executor, rate-limited like every automatic reclaim, so a burst of stops costs one or two. Cheap,
     * from any thread.
     */
    public void captureStopped() {
        captureStopped.set(true);
    }

    /**
     * A camera reports {@link CameraState#STOPPED} once its consumer has stopped, whether it was removed, stopped
     * over JMX or handed to another node; a reconnect does not stop it.
     */
    @Override
    public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        if (current.state() == CameraState.STOPPED && previous.state() != CameraState.STOPPED) {
            captureStopped();
        }
    }

    private static void logChange(MemoryLevel previous, MemoryStatus s) {
        String message = "Memory level {} -> {}: process {} % of {} MB limit, system {} %, driven by {} memory";
        Object[] args = {previous, s.level(), percent(s.processPercent()), s.limitMb(),
                         percent(s.systemUsedPercent()), s.signal().name().toLowerCase(Locale.ROOT)};
        if (!s.level().isAtLeast(previous)) {
            LOG.info(message, args);
        } else if (s.level() == MemoryLevel.WARNING) {
            LOG.warn(message, args);
        } else {
            LOG.error(message, args);
        }
    }

    /**
     * Forces a garbage collection now, regardless of level and rate limit, on the reclaim executor.
     *
     * @return completes with the figures before and after, or exceptionally when the collection could not run
     */
    public CompletableFuture<ReclaimResult> forceGc() {
        return reclaims.requestNow("requested", false);
    }

    /**
     * Collects garbage and releases native memory now, on the reclaim executor, for the HTTP API's optimize
     * endpoint.
     *
     * @param pauseUntilBelowWarning also hold every camera at the emergency rate until a sample finds memory
     *                               below WARNING, to give the release time to show
     * @return completes with the figures before and after
     */
    public CompletableFuture<ReclaimResult> optimize(boolean pauseUntilBelowWarning) {
        if (pauseUntilBelowWarning) {
            synchronized (sampleLock) {
                holdUntilBelowWarning = true;
                paused = true;
            }
            LOG.warn("Cameras held at {} fps until memory is below WARNING (optimize request)",
                    settings.get().getEmergencyMaxFps());
        }
        return reclaims.requestNow(pauseUntilBelowWarning ? "optimize, cameras held" : "optimize", true);
    }

    /** The rate a camera may sample at now. On the cameras' hot path: reads volatiles, records nothing. */
    @Override
    public double allowedFps(double requestedFps) {
        return MemoryLevelPolicy.allowedFps(requestedFps, status.get().level(), paused, settings.get());
    }

    /**
     * The throttle EIP's permit count: how many frames a camera may pass per throttle period, from the same cap
     * the camera samples with, plus one. Rates below one frame per period round up to one, so the period must be
     * at least as long as the slowest interval wanted (2 s for 0.5 fps).
     * <p>
     * The camera already samples at the cap, so the throttle is a guard, and the permit of slack keeps it from
     * holding frames that arrive on time: Camel's {@code TotalRequests} throttle hands a permit back one period
     * after it was taken, so with exactly the cap's count a frame a little late (a slow decode, a GC pause) made
     * the frame that next took its permit wait as long, and that one the next: the lag never healed (measured:
     * a fifth of every route thread's time waiting in the throttle at 0.5 fps, frames 0.4 s late on average).
     *
     * @param cameraFps    the camera's configured rate
     * @param periodMillis the throttle's time period
     */
    public long maxFramesPerPeriod(double cameraFps, long periodMillis) {
        return Math.max(1, Math.round(allowedFps(cameraFps) * periodMillis / 1000d)) + 1;
    }

    /** Whether cameras are paused (held at the emergency rate); never while the governor is disabled. */
    @Override
    public boolean isPaused() {
        return paused && settings.get().isEnabled();
    }

    public MemoryLevel level() {
        return status.get().level();
    }

    public MemoryStatus status() {
        return status.get();
    }

    /** Forced collections completed so far, automatic and requested. */
    public long gcCount() {
        return reclaims.completed();
    }

    /** A copy of the settings in force: changing it changes nothing, {@link #reconfigure} does. */
    public MemoryGovernorSettings settings() {
        return settings.get().copy();
    }

    /**
     * Changes some settings atomically from the ones in force, for the JMX setters:
     * {@code governor.reconfigure(s -> s.setWarningPercent(55))} sets a copy of the settings in force, which is
     * validated and then applied. Caps apply to the next {@link #allowedFps} call, thresholds to the next sample;
     * concurrent changes do not lose each other.
     *
     * @throws ConfigurationException when the result is invalid (the settings in force stay) or would change
     *                                {@code enabled}: cameras and sampling are wired at start
     */
    public void reconfigure(Consumer<MemoryGovernorSettings> change) {
        MemoryGovernorSettings updated = settings.updateAndGet(current -> {
            MemoryGovernorSettings candidate = current.copy();
            change.accept(candidate);
            Settings.require(candidate.isEnabled() == current.isEnabled(), MemoryGovernorSettings.PREFIX
                    + "enabled", candidate.isEnabled(), current.isEnabled() + " (it cannot change at run time)");
            return candidate.validated();
        });
        LOG.info("Memory governor reconfigured: {}", updated);
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
