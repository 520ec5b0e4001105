package dev.edgevideo.governor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import dev.edgevideo.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Drives the governor with a fake probe and clock. The limit is 1000 MB, so a process of N MB is at N / 10 %;
 * the system has 16000 MB with 1000 MB used unless a test says otherwise.
 */
class MemoryGovernorTest {

    private static final long SYSTEM_MB = 16_000;
    private static final long SYSTEM_USED_MB = 1_000;

    private final FakeProbe probe = new FakeProbe(100, SYSTEM_MB, SYSTEM_USED_MB);
    private final MutableClock clock = new MutableClock();
    private final RecordingReclaimer reclaimer = new RecordingReclaimer();
    private final List<ExecutorService> executors = new ArrayList<>();
    private MemoryGovernor governor;

    @AfterEach
    void stop() {
        if (governor != null) {
            governor.stop();
        }
        executors.forEach(ExecutorService::shutdownNow);
    }

    private MemoryGovernor governor(UnaryOperator<MemoryGovernorConfig.Builder> settings) {
        return governor(settings, Runnable::run);
    }

    private MemoryGovernor governor(UnaryOperator<MemoryGovernorConfig.Builder> settings,
                                    Executor reclaimExecutor) {
        MemoryGovernorConfig config = settings.apply(MemoryGovernorConfig.custom().maxMemoryMb(1000)).build();
        governor = new MemoryGovernor(config, probe, reclaimer, reclaimExecutor, clock);
        return governor;
    }

    private MemoryLevel sampleAt(long processMb) {
        probe.process(processMb);
        return governor.sampleNow().level();
    }

    @Test
    void entersEachLevelAtItsThreshold() {
        governor(b -> b);

        assertThat(sampleAt(599)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(sampleAt(600)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(750)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(sampleAt(850)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(governor.usagePercent()).isEqualTo(85.0);
        assertThat(governor.lastSnapshot()).hasValueSatisfying(
                s -> assertThat(s.processRssBytes()).isEqualTo(850 * FakeProbe.MB));
    }

    @Test
    void levelsCanBeSkippedOnTheWayUp() {
        governor(b -> b);

        assertThat(sampleAt(900)).isEqualTo(MemoryLevel.EMERGENCY);
    }

    @Test
    void warningLevelIsLeftOnlyBelowHysteresisBand() {
        governor(b -> b);
        sampleAt(600);

        assertThat(sampleAt(590)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(549)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(sampleAt(590)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void fallFromEmergencyLandsOnTheHighestBandStillHeld() {
        governor(b -> b);
        sampleAt(900);
        clock.advance(Duration.ofSeconds(2));

        assertThat(sampleAt(720)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(sampleAt(690)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(560)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(540)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void sharpFallFromEmergencyGoesStraightToNormal() {
        governor(b -> b);
        sampleAt(900);
        clock.advance(Duration.ofSeconds(2));

        assertThat(sampleAt(100)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void emergencyIsHeldForEmergencyMinInterval() {
        governor(b -> b.emergencyMinInterval(Duration.ofSeconds(3)));
        sampleAt(900);

        clock.advance(Duration.ofMillis(2999));
        assertThat(sampleAt(100)).isEqualTo(MemoryLevel.EMERGENCY);
        clock.advance(Duration.ofMillis(1));
        assertThat(sampleAt(100)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void autoLimitIsThreeQuartersOfSystemRam() {
        governor = new MemoryGovernor(MemoryGovernorConfig.ofDefaults(), probe, reclaimer, Runnable::run, clock);
        probe.set(1800, 4000, 2000);

        MemoryStatus status = governor.sampleNow();

        assertThat(status.limitMb()).isEqualTo(3000);
        assertThat(status.processPercent()).isEqualTo(60.0);
        assertThat(status.level()).isEqualTo(MemoryLevel.WARNING);
    }

    @Test
    void systemMemorySignalDrivesTheLevelWhenHigher() {
        governor(b -> b);
        probe.set(100, 10_000, 8_000);

        MemoryStatus status = governor.sampleNow();

        assertThat(status.level()).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(status.signal()).isEqualTo(MemorySignal.SYSTEM);
        assertThat(status.systemUsedPercent()).isEqualTo(80.0);
        assertThat(status.processPercent()).isEqualTo(10.0);
    }

    @Test
    void systemSignalHasHysteresisToo() {
        governor(b -> b);
        probe.set(100, 10_000, 6_000);
        assertThat(governor.sampleNow().level()).isEqualTo(MemoryLevel.WARNING);

        probe.set(100, 10_000, 5_600);
        assertThat(governor.sampleNow().level()).isEqualTo(MemoryLevel.WARNING);
        probe.set(100, 10_000, 5_400);
        assertThat(governor.sampleNow().level()).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void processSignalDrivesTheLevelWhenHigher() {
        governor(b -> b);
        probe.set(800, 10_000, 6_500);

        MemoryStatus status = governor.sampleNow();

        assertThat(status.level()).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(status.signal()).isEqualTo(MemorySignal.PROCESS);
    }

    @Test
    void eachLevelCapsTheFrameRate() {
        governor(b -> b);

        sampleAt(100);
        assertThat(governor.allowedFps(25)).isEqualTo(25);
        sampleAt(600);
        assertThat(governor.allowedFps(25)).isEqualTo(10);
        assertThat(governor.allowedFps(4)).isEqualTo(4);
        sampleAt(750);
        assertThat(governor.allowedFps(25)).isEqualTo(2);
        sampleAt(850);
        assertThat(governor.allowedFps(25)).isEqualTo(0.5);
    }

    @Test
    void throttlePermitsFollowTheCap() {
        governor(b -> b);

        sampleAt(100);
        assertThat(governor.maxFramesPerPeriod(25, 1000)).isEqualTo(25);
        sampleAt(850);
        assertThat(governor.maxFramesPerPeriod(25, 2000)).isEqualTo(1);
    }

    @Test
    void disabledGovernorAlwaysAllowsTheRequestedRate() {
        governor(b -> b.enabled(false));
        governor.start();

        assertThat(governor.isStarted()).isFalse();
        assertThat(sampleAt(950)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(governor.allowedFps(25)).isEqualTo(25);
        assertThat(governor.isPaused()).isFalse();
        assertThat(reclaimer.collections).hasValue(0);
    }

    @Test
    void listenersHearOneEventPerLevelChange() {
        governor(b -> b);
        List<MemoryLevelChange> changes = new ArrayList<>();
        governor.addListener(changes::add);

        sampleAt(600);
        sampleAt(650);
        sampleAt(750);

        assertThat(changes).extracting(MemoryLevelChange::previous, MemoryLevelChange::current)
                .containsExactly(tuple(MemoryLevel.NORMAL, MemoryLevel.WARNING),
                        tuple(MemoryLevel.WARNING, MemoryLevel.CRITICAL));
        assertThat(changes.get(1).isEscalation()).isTrue();
        assertThat(changes.get(1).status().processPercent()).isEqualTo(75.0);
        assertThat(changes.get(1).at()).isEqualTo(clock.instant());
    }

    @Test
    void listenerExceptionsDoNotBreakTheGovernor() {
        governor(b -> b);
        AtomicInteger heard = new AtomicInteger();
        governor.addListener(change -> {
            throw new IllegalStateException("broken listener");
        });
        governor.addListener(change -> heard.incrementAndGet());

        assertThat(sampleAt(600)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(800)).isEqualTo(MemoryLevel.CRITICAL);

        assertThat(heard).hasValue(2);
        assertThat(governor.allowedFps(25)).isEqualTo(2);
    }

    @Test
    void gcNeverRunsOnTheCallingThread() throws Exception {
        ExecutorService reclaimThread = Executors.newSingleThreadExecutor();
        executors.add(reclaimThread);
        governor(b -> b, reclaimThread);

        sampleAt(720);
        ReclaimResult forced = governor.forceGc().get(30, TimeUnit.SECONDS);
        governor.optimize(false).get(30, TimeUnit.SECONDS);

        assertThat(forced.reason()).isEqualTo("requested");
        assertThat(reclaimer.threads).hasSize(4).doesNotContain(Thread.currentThread());
    }

    @Test
    void gcRunsAtMostOncePerMinInterval() {
        governor(b -> b.minGcInterval(Duration.ofSeconds(5)));

        for (int second = 0; second < 5; second++) {
            sampleAt(720);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(reclaimer.collections).hasValue(1);

        sampleAt(720);
        assertThat(reclaimer.collections).hasValue(2);
        assertThat(governor.gcCount()).isEqualTo(2);
    }

    @Test
    void gcIsNotQueuedBehindOneStillRunning() {
        List<Runnable> queued = new ArrayList<>();
        governor(b -> b.minGcInterval(Duration.ofSeconds(5)), queued::add);

        sampleAt(720);
        clock.advance(Duration.ofSeconds(6));
        sampleAt(720);
        assertThat(queued).hasSize(1);

        queued.remove(0).run();
        clock.advance(Duration.ofSeconds(6));
        sampleAt(720);
        assertThat(queued).hasSize(1);
        assertThat(reclaimer.collections).hasValue(1);
    }

    @Test
    void noGcBelowTheTrigger() {
        governor(b -> b);

        sampleAt(690);

        assertThat(governor.level()).isEqualTo(MemoryLevel.WARNING);
        assertThat(reclaimer.collections).hasValue(0);
    }

    @Test
    void gcTriggerCollectsWithoutNativeReleaseBelowCritical() {
        governor(b -> b);

        sampleAt(700);

        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(0);
    }

    @Test
    void criticalLevelAlsoReleasesNativeMemory() {
        governor(b -> b);

        sampleAt(760);

        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    @Test
    void systemDrivenCriticalCollectsEvenBelowTheTrigger() {
        governor(b -> b);
        probe.set(100, 10_000, 8_000);

        governor.sampleNow();

        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    @Test
    void forceGcReportsFiguresBeforeAndAfter() throws Exception {
        governor = new MemoryGovernor(MemoryGovernorConfig.custom().maxMemoryMb(1000).build(), probe,
                new RecordingReclaimer(() -> probe.process(400)), Runnable::run, clock);
        probe.process(500);

        ReclaimResult result = governor.forceGc().get();

        assertThat(result.before().processRssBytes()).isEqualTo(500 * FakeProbe.MB);
        assertThat(result.after().processRssBytes()).isEqualTo(400 * FakeProbe.MB);
        assertThat(result.freedProcessBytes()).isEqualTo(100 * FakeProbe.MB);
        assertThat(result.freedHeapBytes()).isEqualTo(50 * FakeProbe.MB);
        assertThat(result.nativeReleased()).isFalse();
        assertThat(result.duration().isNegative()).isFalse();
        assertThat(governor.gcCount()).isEqualTo(1);
    }

    @Test
    void failedReclaimCompletesExceptionally() {
        governor(b -> b);
        probe.failWith(new IllegalStateException("no reading"));

        CompletableFuture<ReclaimResult> result = governor.forceGc();

        assertThat(result).isCompletedExceptionally();
        assertThat(governor.gcCount()).isZero();
    }

    @Test
    void optimizeWithPauseHoldsCamerasUntilBelowWarning() throws Exception {
        governor(b -> b);
        sampleAt(650);

        ReclaimResult result = governor.optimize(true).get();
        assertThat(result.nativeReleased()).isTrue();
        assertThat(governor.isPaused()).isTrue();
        assertThat(governor.allowedFps(25)).isEqualTo(0.5);

        sampleAt(560);
        assertThat(governor.allowedFps(25)).isEqualTo(0.5);
        sampleAt(500);

        assertThat(governor.isPaused()).isFalse();
        assertThat(governor.allowedFps(25)).isEqualTo(25);
    }

    @Test
    void optimizeWithoutPauseLeavesTheRateAlone() throws Exception {
        governor(b -> b);
        sampleAt(100);

        governor.optimize(false).get();

        assertThat(governor.isPaused()).isFalse();
        assertThat(governor.allowedFps(25)).isEqualTo(25);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    @Test
    void thresholdsAndCapsChangeAtRunTime() {
        governor(b -> b);
        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.NORMAL);

        governor.reconfigure(b -> b.warningPercent(50).warningMaxFps(5));

        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.WARNING);
        assertThat(governor.allowedFps(25)).isEqualTo(5);
        governor.updateConfig(MemoryGovernorConfig.from(governor.config()).warningMaxFps(7).build());
        assertThat(governor.allowedFps(25)).isEqualTo(7);
    }

    @Test
    void invalidRunTimeChangeKeepsTheSettingsInForce() {
        governor(b -> b);
        MemoryGovernorConfig before = governor.config();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> governor.reconfigure(b -> b.criticalPercent(95)))
                .withMessageContaining("edgevideo.memory.critical-percent must be below");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> governor.reconfigure(b -> b.enabled(false)))
                .withMessageStartingWith("edgevideo.memory.enabled cannot change at run time");

        assertThat(governor.config()).isSameAs(before);
    }

    @Test
    void startTakesAFirstSampleBeforeReturning() {
        governor(b -> b.checkInterval(Duration.ofHours(1)));
        probe.process(650);

        governor.start();

        assertThat(governor.level()).isEqualTo(MemoryLevel.WARNING);
    }

    @Test
    void samplingGoesOnAfterProbeFailures() {
        governor(b -> b.checkInterval(Duration.ofMillis(10)));
        probe.failWith(new IllegalStateException("OSHI hiccup"));
        governor.start();
        assertThat(governor.lastSnapshot()).isEmpty();

        probe.process(800);

        await().atMost(Duration.ofSeconds(30)).until(() -> governor.level() == MemoryLevel.CRITICAL);
    }

    @Test
    void stoppedGovernorCanBeStartedAgain() {
        governor(b -> b.checkInterval(Duration.ofMillis(10)));
        governor.start();
        governor.stop();
        probe.process(650);

        governor.start();

        assertThat(governor.level()).isEqualTo(MemoryLevel.WARNING);
        probe.process(800);
        await().atMost(Duration.ofSeconds(30)).until(() -> governor.level() == MemoryLevel.CRITICAL);
    }

    @Test
    void sampledLevelChangesReachListenersFromTheSamplingThread() throws Exception {
        governor(b -> b.checkInterval(Duration.ofMillis(10)));
        CountDownLatch critical = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        governor.addListener(change -> {
            threads.add(Thread.currentThread());
            if (change.current() == MemoryLevel.CRITICAL) {
                critical.countDown();
            }
        });
        governor.start();

        probe.process(800);

        assertThat(critical.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).allSatisfy(t -> assertThat(t.getName()).isEqualTo("edge-video-memory-governor"));
    }
}
