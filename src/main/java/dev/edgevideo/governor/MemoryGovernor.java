package dev.edgevideo.governor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import dev.edgevideo.camera.FrameRateCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each camera's allowed frame rate from memory pressure, so the service slows down instead of running the
 * host out of memory.
 * <p>
 * Every {@code checkInterval} the governor reads memory through its {@link MemoryProbe} on its own daemon thread
 * and sets a {@link MemoryLevel} from two signals, taking the more severe: this process's resident memory as a
 * share of the limit, and the RAM used by the whole system. A level is entered as soon as its threshold is
 * reached and left only when usage falls {@code hysteresisPercent} points below it, so a reading hovering at a
 * threshold does not flap the cameras' rate; EMERGENCY is also held at least {@code emergencyMinInterval}.
 * <p>
 * Each level caps the frame rate ({@link #allowedFps}); EMERGENCY pauses cameras, which here means holding them
 * at the emergency rate: a camera is never stopped outright. From {@code gcTriggerPercent}, and at CRITICAL and
 * above, a garbage collection is requested at most once per {@code minGcInterval}; at CRITICAL and above it is
 * followed by the release of JavaCPP native memory. Collections run on the reclaim executor, never on the thread
 * that samples or asks for a rate.
 * <p>
 * {@link #allowedFps} is on the cameras' hot path: it reads atomics and a concurrent map and allocates nothing
 * after a camera's first call.
 */
public class MemoryGovernor implements FrameRateCap {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryGovernor.class);
    private static final long NEVER = Long.MIN_VALUE;
    /** Manual requests can queue behind a running collection; more than this many waiting is pointless. */
    private static final int RECLAIM_QUEUE_CAPACITY = 4;

    private final AtomicReference<MemoryGovernorConfig> config;
    private final MemoryProbe probe;
    private final MemoryReclaimer reclaimer;
    private final Executor reclaimExecutor;
    private final Clock clock;

    private final AtomicReference<MemoryStatus> status;
    private final Object sampleLock = new Object();
    private final List<MemoryLevelListener> listeners = new CopyOnWriteArrayList<>();

    private final AtomicLong gcCount = new AtomicLong();
    private final AtomicLong lastGcRequestMillis = new AtomicLong(NEVER);
    private final AtomicBoolean gcInFlight = new AtomicBoolean();

    /** Set by {@link #optimize(boolean)}; cleared by the first sample below WARNING. */
    private volatile boolean holdUntilBelowWarning;
    private volatile boolean paused;

    private ScheduledExecutorService sampler;
    /** Only touched by the sampling thread and {@link #start()}, which runs before it exists. */
    private volatile boolean probeFailing;

    /**
     * A governor reading memory with OSHI and JavaCPP, collecting with {@link System#gc()} on a reclaim thread of
     * its own, on the system clock.
     */
    public MemoryGovernor(MemoryGovernorConfig config) {
        this(config, new OshiMemoryProbe());
    }

    /**
     * A governor reading memory with the given probe, collecting with {@link System#gc()} on a reclaim thread
     * of its own, on the system clock.
     */
    public MemoryGovernor(MemoryGovernorConfig config, MemoryProbe probe) {
        this(config, probe, new JvmMemoryReclaimer(), defaultReclaimExecutor(), Clock.systemUTC());
    }

    /**
     * @param config          the initial settings
     * @param probe           reads memory
     * @param reclaimer       collects garbage and releases native memory
     * @param reclaimExecutor runs every collection; must not run tasks on the submitting thread
     * @param clock           times levels, the emergency hold and the GC rate limit
     */
    public MemoryGovernor(MemoryGovernorConfig config, MemoryProbe probe, MemoryReclaimer reclaimer,
                          Executor reclaimExecutor, Clock clock) {
        this.config = new AtomicReference<>(Objects.requireNonNull(config, "config"));
        this.probe = Objects.requireNonNull(probe, "probe");
        this.reclaimer = Objects.requireNonNull(reclaimer, "reclaimer");
        this.reclaimExecutor = Objects.requireNonNull(reclaimExecutor, "reclaimExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new AtomicReference<>(MemoryStatus.initial(clock.instant()));
    }

    /**
     * One daemon thread that exists only while there is work: collections are rare and the governor must not
     * keep the JVM alive or need stopping to release it.
     */
    private static Executor defaultReclaimExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(RECLAIM_QUEUE_CAPACITY), daemonThreads("edge-video-memory-reclaim"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Takes a first sample on the calling thread, so cameras started next already see the real level, logs the
     * limit and thresholds, and samples every {@code checkInterval} on a daemon thread. Does nothing more when
     * already started; when disabled, logs so and samples nothing.
     */
    public synchronized void start() {
        if (sampler != null) {
            return;
        }
        MemoryGovernorConfig cfg = config.get();
        if (!cfg.isEnabled()) {
            LOG.info("Memory governor disabled ({}=false): cameras run at their own rate",
                    MemoryGovernorConfig.KEY_ENABLED);
            return;
        }
        MemoryStatus first = sampleSafely();
        LOG.info("Memory governor started: limit {}, levels WARNING {} % / CRITICAL {} % / EMERGENCY {} %"
                 + " (left {} points below), caps {} / {} / {} fps, GC from {} % at most every {} s,"
                 + " sampling every {} s",
                describeLimit(cfg, first), cfg.getWarningPercent(), cfg.getCriticalPercent(),
                cfg.getEmergencyPercent(), cfg.getHysteresisPercent(), cfg.getWarningMaxFps(),
                cfg.getCriticalMaxFps(), cfg.getEmergencyMaxFps(), cfg.getGcTriggerPercent(),
                seconds(cfg.getMinGcInterval()), seconds(cfg.getCheckInterval()));
        sampler = Executors.newSingleThreadScheduledExecutor(daemonThreads("edge-video-memory-governor"));
        scheduleNextSample(sampler);
    }

    /** Stops sampling; the level and counters keep their last values. A stopped governor can be started again. */
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
            LOG.info("Memory governor stopped after {} forced GCs", gcCount.get());
        }
    }

    /** Whether memory is being sampled: started, enabled and not stopped. */
    public synchronized boolean isStarted() {
        return sampler != null;
    }

    /** Each run schedules the next, so a changed {@code checkInterval} applies without a restart. */
    private void scheduleNextSample(ScheduledExecutorService executor) {
        try {
            executor.schedule(() -> {
                sampleSafely();
                scheduleNextSample(executor);
            }, config.get().getCheckInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.trace("Sampler stopped, no further samples");
        }
    }

    /**
     * A failed reading must not end the sampling loop: keep the last level and try again next time. A failure
     * that persists is logged once at WARN and again when readings come back, not every interval.
     */
    private MemoryStatus sampleSafely() {
        try {
            MemoryStatus sampled = sampleNow();
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
                        status.get().level(), e.toString());
            }
            return status.get();
        }
    }

    private static String describeLimit(MemoryGovernorConfig cfg, MemoryStatus first) {
        if (first.snapshot() == null) {
            return cfg.isAutoLimit() ? "unknown until memory can be read (auto)"
                    : cfg.getMaxMemoryMb() + " MB (" + MemoryGovernorConfig.KEY_MAX_MEMORY_MB + ")";
        }
        if (cfg.isAutoLimit()) {
            return first.limitMb() + " MB (auto: " + Math.round(MemoryGovernorConfig.AUTO_LIMIT_FRACTION * 100)
                   + " % of " + first.snapshot().systemTotalBytes() / (1024 * 1024) + " MB system RAM)";
        }
        return first.limitMb() + " MB (" + MemoryGovernorConfig.KEY_MAX_MEMORY_MB + ")";
    }

    // ---------------------------------------------------------------- sampling and levels

    /**
     * Reads memory now and applies the result: level, pause, listeners and, when due, a collection on the
     * reclaim executor. The sampling thread calls this every {@code checkInterval}; the HTTP API may call it for
     * fresh figures.
     *
     * @throws RuntimeException when the probe fails; the previous status stays
     */
    public MemoryStatus sampleNow() {
        MemorySnapshot snapshot = probe.sample();
        MemoryLevelChange change;
        MemoryStatus next;
        synchronized (sampleLock) {
            MemoryGovernorConfig cfg = config.get();
            MemoryStatus previous = status.get();
            Instant now = clock.instant();
            long limit = cfg.limitBytes(snapshot.systemTotalBytes());
            double processPercent = limit > 0 ? snapshot.processRssBytes() * 100d / limit : 0;
            double systemPercent = snapshot.systemUsedPercent();

            MemoryLevel current = previous.level();
            MemoryLevel byProcess = levelFor(processPercent, current, cfg);
            MemoryLevel bySystem = levelFor(systemPercent, current, cfg);
            MemoryLevel level = byProcess.isAtLeast(bySystem) ? byProcess : bySystem;
            MemorySignal signal = signal(byProcess, bySystem, processPercent, systemPercent);
            if (current == MemoryLevel.EMERGENCY && level != MemoryLevel.EMERGENCY
                && now.isBefore(previous.levelSince().plus(cfg.getEmergencyMinInterval()))) {
                level = MemoryLevel.EMERGENCY;
            }
            Instant since = level == current ? previous.levelSince() : now;
            next = new MemoryStatus(level, processPercent, systemPercent, signal, limit, snapshot, now, since);
            status.set(next);

            change = level == current ? null : new MemoryLevelChange(current, level, next);
            if (change != null) {
                logChange(change);
            }
            if (holdUntilBelowWarning && level == MemoryLevel.NORMAL) {
                holdUntilBelowWarning = false;
                LOG.info("Memory below WARNING: cameras released from the optimize hold");
            }
            updatePaused(level == MemoryLevel.EMERGENCY || holdUntilBelowWarning);
            if (cfg.isEnabled()) {
                requestGcIfDue(next, cfg);
            }
        }
        if (change != null) {
            notifyListeners(change);
        }
        return next;
    }

    /**
     * The level a percentage calls for, given the current level: any threshold reached is entered at once; a
     * level is left only below its threshold minus the hysteresis, one level at a time, so a fall from EMERGENCY
     * lands on the highest level whose band still holds the reading.
     */
    static MemoryLevel levelFor(double percent, MemoryLevel current, MemoryGovernorConfig cfg) {
        MemoryLevel reached = MemoryLevel.NORMAL;
        for (MemoryLevel candidate : MemoryLevel.values()) {
            if (candidate != MemoryLevel.NORMAL && percent >= cfg.threshold(candidate)) {
                reached = candidate;
            }
        }
        if (reached.isAtLeast(current)) {
            return reached;
        }
        MemoryLevel level = current;
        while (level != MemoryLevel.NORMAL && percent < cfg.threshold(level) - cfg.getHysteresisPercent()) {
            level = level.lower();
        }
        return level;
    }

    private static MemorySignal signal(MemoryLevel byProcess, MemoryLevel bySystem, double processPercent,
                                       double systemPercent) {
        if (byProcess != bySystem) {
            return byProcess.isAtLeast(bySystem) ? MemorySignal.PROCESS : MemorySignal.SYSTEM;
        }
        return systemPercent > processPercent ? MemorySignal.SYSTEM : MemorySignal.PROCESS;
    }

    private void logChange(MemoryLevelChange change) {
        MemoryStatus s = change.status();
        String message = "Memory level {} -> {}: process {} % of {} MB limit, system {} %, driven by {} memory";
        Object[] args = {change.previous(), change.current(), percent(s.processPercent()), s.limitMb(),
                         percent(s.systemUsedPercent()), s.signal().name().toLowerCase(Locale.ROOT)};
        if (!change.isEscalation()) {
            LOG.info(message, args);
        } else if (change.current() == MemoryLevel.WARNING) {
            LOG.warn(message, args);
        } else {
            LOG.error(message, args);
        }
    }

    private void notifyListeners(MemoryLevelChange change) {
        for (MemoryLevelListener listener : listeners) {
            try {
                listener.onLevelChange(change);
            } catch (RuntimeException e) {
                LOG.warn("Memory level listener {} failed on {} -> {}; the governor carries on", listener,
                        change.previous(), change.current(), e);
            }
        }
    }

    private void updatePaused(boolean nowPaused) {
        paused = nowPaused;
    }

    // ---------------------------------------------------------------- garbage collection

    private void requestGcIfDue(MemoryStatus s, MemoryGovernorConfig cfg) {
        boolean severe = s.level().isAtLeast(MemoryLevel.CRITICAL);
        if (!severe && s.processPercent() < cfg.getGcTriggerPercent()) {
            return;
        }
        long now = clock.millis();
        long last = lastGcRequestMillis.get();
        if (last != NEVER && now - last < cfg.getMinGcInterval().toMillis()) {
            return;
        }
        // A collection slower than minGcInterval must not get a second one queued behind it.
        if (!gcInFlight.compareAndSet(false, true)) {
            return;
        }
        lastGcRequestMillis.set(now);
        String reason = severe ? s.level() + " level"
                : "process usage " + percent(s.processPercent()) + " % >= " + cfg.getGcTriggerPercent() + " %";
        submitReclaim(reason, severe).whenComplete((result, failure) -> {
            gcInFlight.set(false);
            if (failure != null) {
                LOG.warn("Forced GC ({}) failed: {}", reason, failure.toString());
            }
        });
    }

    /**
     * Forces a garbage collection now, regardless of level and rate limit, on the reclaim executor.
     *
     * @return completes with the figures before and after, or exceptionally when the collection could not run
     */
    public CompletableFuture<ReclaimResult> forceGc() {
        lastGcRequestMillis.set(clock.millis());
        return submitReclaim("requested", false);
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
                updatePaused(true);
            }
            LOG.warn("Cameras held at {} fps until memory is below WARNING (optimize request)",
                    config.get().getEmergencyMaxFps());
        }
        lastGcRequestMillis.set(clock.millis());
        return submitReclaim(pauseUntilBelowWarning ? "optimize, cameras held" : "optimize", true);
    }

    private CompletableFuture<ReclaimResult> submitReclaim(String reason, boolean releaseNative) {
        try {
            return CompletableFuture.supplyAsync(() -> reclaim(reason, releaseNative), reclaimExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ReclaimResult reclaim(String reason, boolean releaseNative) {
        MemorySnapshot before = probe.sample();
        long started = System.nanoTime();
        reclaimer.collectGarbage();
        if (releaseNative) {
            reclaimer.releaseNativeMemory();
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        MemorySnapshot after = probe.sample();
        gcCount.incrementAndGet();
        ReclaimResult result = new ReclaimResult(reason, releaseNative, before, after, duration);
        LOG.info("Forced GC ({}{}) took {} ms: process {} MB -> {} MB, heap {} MB -> {} MB", reason,
                releaseNative ? ", native memory released" : "", duration.toMillis(),
                Math.round(before.processRssMb()), Math.round(after.processRssMb()),
                before.heapUsedBytes() >> 20, after.heapUsedBytes() >> 20);
        return result;
    }

    // ---------------------------------------------------------------- the cameras' side

    /**
     * The rate a camera may sample at now. On the cameras' hot path: reads two volatiles, records nothing (the
     * camera counts its own throttling and pauses).
     */
    @Override
    public double allowedFps(double requestedFps) {
        MemoryGovernorConfig cfg = config.get();
        if (!cfg.isEnabled()) {
            return requestedFps;
        }
        double cap = paused ? cfg.getEmergencyMaxFps() : cfg.maxFps(status.get().level());
        return Math.min(requestedFps, cap);
    }

    /**
     * The throttle EIP's permit count: how many frames a camera may pass per throttle period, from the same cap
     * the camera samples with. Rates below one frame per period round up to one, so the period must be at least
     * as long as the slowest interval wanted (2 s for 0.5 fps).
     *
     * @param cameraFps    the camera's configured rate
     * @param periodMillis the throttle's time period
     */
    public long maxFramesPerPeriod(double cameraFps, long periodMillis) {
        return Math.max(1, Math.round(allowedFps(cameraFps) * periodMillis / 1000d));
    }

    /** Whether cameras are paused (held at the emergency rate); never while the governor is disabled. */
    @Override
    public boolean isPaused() {
        return paused && config.get().isEnabled();
    }

    // ---------------------------------------------------------------- state, listeners, configuration

    /** The current level. */
    public MemoryLevel level() {
        return status.get().level();
    }

    /** Process resident memory as a share of the limit at the last sample, 0 before the first. */
    public double usagePercent() {
        return status.get().processPercent();
    }

    /** The last reading, empty before the first successful sample. */
    public Optional<MemorySnapshot> lastSnapshot() {
        return Optional.ofNullable(status.get().snapshot());
    }

    /** Everything the last sample decided. */
    public MemoryStatus status() {
        return status.get();
    }

    /** Forced collections completed so far, automatic and requested. */
    public long gcCount() {
        return gcCount.get();
    }

    /** The settings in force. */
    public MemoryGovernorConfig config() {
        return config.get();
    }

    /** Adds a listener told about every level change. */
    public void addListener(MemoryLevelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Swaps in new settings at once: caps apply to the next {@link #allowedFps} call, thresholds and intervals
     * to the next sample.
     *
     * @throws IllegalArgumentException when {@code enabled} would change: cameras and sampling are wired at
     *                                  start, so switching the governor on or off needs a restart
     */
    public void updateConfig(MemoryGovernorConfig newConfig) {
        reconfigure(ignored -> MemoryGovernorConfig.from(newConfig));
    }

    /**
     * Changes some settings atomically from the ones in force, for the JMX setters:
     * {@code governor.reconfigure(b -> b.warningPercent(55))}. Concurrent changes do not lose each other.
     *
     * @throws IllegalArgumentException when the result is invalid (the settings in force stay) or would change
     *                                  {@code enabled}
     */
    public MemoryGovernorConfig reconfigure(UnaryOperator<MemoryGovernorConfig.Builder> change) {
        MemoryGovernorConfig updated = config.updateAndGet(current -> {
            MemoryGovernorConfig candidate = change.apply(MemoryGovernorConfig.from(current)).build();
            if (candidate.isEnabled() != current.isEnabled()) {
                throw new IllegalArgumentException(MemoryGovernorConfig.KEY_ENABLED
                                                   + " cannot change at run time; restart the service");
            }
            return candidate;
        });
        LOG.info("Memory governor reconfigured: {}", updated);
        return updated;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000d);
    }
}
