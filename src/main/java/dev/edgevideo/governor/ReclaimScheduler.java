package dev.edgevideo.governor;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the governor's reclaims (a garbage collection, optionally the release of native memory) on the reclaim
 * executor, never on the thread asking: a forced collection can take hundreds of milliseconds and the callers
 * are the sampling thread and HTTP/JMX threads. Automatic reclaims are rate-limited; requested ones are not.
 * <p>
 * The executor is the Camel service's ({@link ManagedMemoryGovernor}); while there is none (before the service
 * starts, after it stops) automatic reclaims are skipped and requested ones fail.
 */
final class ReclaimScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ReclaimScheduler.class);
    private static final long NEVER = Long.MIN_VALUE;

    private final MemoryProbe probe;
    private final MemoryReclaimer reclaimer;
    private final Clock clock;
    private volatile Executor executor;

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong lastRequestMillis = new AtomicLong(NEVER);
    private final AtomicBoolean automaticInFlight = new AtomicBoolean();

    ReclaimScheduler(MemoryProbe probe, MemoryReclaimer reclaimer, Clock clock, Executor executor) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.reclaimer = Objects.requireNonNull(reclaimer, "reclaimer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = executor;
    }

    /** The executor reclaims run on from now; {@code null} when the service stops. */
    void runOn(Executor executor) {
        this.executor = executor;
    }

    /**
     * An automatic reclaim, unless one was requested less than {@code minInterval} ago or one is still running:
     * a collection slower than the interval must not get a second one queued behind it.
     *
     * @return whether the reclaim was submitted; {@code false} when it was skipped
     */
    boolean requestIfDue(String reason, boolean releaseNative, Duration minInterval) {
        long now = clock.millis();
        long last = lastRequestMillis.get();
        if (executor == null || (last != NEVER && now - last < minInterval.toMillis())) {
            return false;
        }
        if (!automaticInFlight.compareAndSet(false, true)) {
            return false;
        }
        lastRequestMillis.set(now);
        submit(reason, releaseNative).whenComplete((result, failure) -> {
            automaticInFlight.set(false);
            if (failure != null) {
                LOG.warn("Forced GC ({}) failed: {}", reason, failure.toString());
            }
        });
        return true;
    }

    /** A reclaim now, whatever the rate limit; it also restarts the automatic reclaims' interval. */
    CompletableFuture<ReclaimResult> requestNow(String reason, boolean releaseNative) {
        lastRequestMillis.set(clock.millis());
        return submit(reason, releaseNative);
    }

    /** Reclaims completed so far, automatic and requested. */
    long completed() {
        return completed.get();
    }

    private CompletableFuture<ReclaimResult> submit(String reason, boolean releaseNative) {
        Executor current = executor;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new RejectedExecutionException("the memory governor is not started"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> reclaim(reason, releaseNative), current);
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
        ReclaimResult result = new ReclaimResult(reason, releaseNative, before, probe.sample(), duration);
        completed.incrementAndGet();
        LOG.info("Forced GC ({}{}) {}", reason, releaseNative ? ", native memory released" : "", result.figures());
        return result;
    }
}
