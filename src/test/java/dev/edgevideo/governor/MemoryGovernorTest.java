package dev.edgevideo.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CircuitState;
import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives the governor with a fake probe and clock (the level rules themselves are in {@link MemoryLevelPolicyTest}).
 * The limit is 1000 MB, so a process of N MB is at N / 10 %; the system has 16000 MB with 1000 MB used unless a test
 * says otherwise.
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
    void stopExecutors() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    private MemoryGovernor governor(Consumer<MemoryGovernorSettings> settings) {
        return governor(settings, Runnable::run);
    }

    private MemoryGovernor governor(Consumer<MemoryGovernorSettings> settings, Executor reclaimExecutor) {
        governor = new MemoryGovernor(GovernorTestSettings.limit1000Mb(settings), probe, reclaimer, reclaimExecutor,
                clock);
        return governor;
    }

    private MemoryLevel sampleAt(long processMb) {
        probe.process(processMb);
        return governor.sampleNow().level();
    }

    @Test
    void entersEachLevelAtItsThreshold() {
        governor(s -> { });

        assertThat(sampleAt(599)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(sampleAt(600)).isEqualTo(MemoryLevel.WARNING);
        assertThat(sampleAt(750)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(sampleAt(850)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(governor.status().processPercent()).isEqualTo(85.0);
        assertThat(governor.status().snapshot().processRssBytes()).isEqualTo(850 * FakeProbe.MB);
    }

    @Test
    void systemMemorySignalDrivesTheLevelWhenHigher() {
        governor(s -> { });
        probe.set(100, 10_000, 8_000);

        MemoryStatus status = governor.sampleNow();

        assertThat(status.level()).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(status.signal()).isEqualTo(MemorySignal.SYSTEM);
        assertThat(status.systemUsedPercent()).isEqualTo(80.0);
        assertThat(status.processPercent()).isEqualTo(10.0);
    }

    @Test
    void eachLevelCapsTheFrameRate() {
        governor(s -> { });

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
    void throttlePermitsFollowTheCapWithOneFrameOfSlack() {
        governor(s -> { });

        sampleAt(100);
        assertThat(governor.maxFramesPerPeriod(25, 1000)).isEqualTo(26);
        sampleAt(850);
        assertThat(governor.maxFramesPerPeriod(25, 2000)).isEqualTo(2);
    }

    @Test
    void disabledGovernorAlwaysAllowsTheRequestedRate() {
        governor(s -> s.setEnabled(false));

        assertThat(sampleAt(950)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(governor.allowedFps(25)).isEqualTo(25);
        assertThat(governor.isPaused()).isFalse();
        assertThat(reclaimer.collections).hasValue(0);
    }

    @Test
    void gcNeverRunsOnTheCallingThread() throws Exception {
        ExecutorService reclaimThread = Executors.newSingleThreadExecutor();
        executors.add(reclaimThread);
        governor(s -> { }, reclaimThread);

        sampleAt(720);
        ReclaimResult forced = governor.forceGc().get(30, TimeUnit.SECONDS);
        governor.optimize(false).get(30, TimeUnit.SECONDS);

        assertThat(forced.reason()).isEqualTo("requested");
        assertThat(reclaimer.threads).hasSize(4).doesNotContain(Thread.currentThread());
    }

    @Test
    void gcRunsAtMostOncePerMinInterval() {
        governor(s -> s.setMinGcIntervalSeconds(5));

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
        governor(s -> s.setMinGcIntervalSeconds(5), queued::add);

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
    void criticalLevelAlsoReleasesNativeMemory() {
        governor(s -> { });

        sampleAt(760);

        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    @Test
    void cameraStoppingReleasesNativeMemoryOnceEvenAtNormalLevel() {
        governor(s -> { });
        CameraRegistryListener listener = governor;
        sampleAt(300);
        assertThat(reclaimer.collections).hasValue(0);

        listener.onStatusChanged(null, status(CameraState.STREAMING), status(CameraState.STOPPED));
        assertThat(reclaimer.collections).as("not on the thread stopping the camera").hasValue(0);
        assertThat(sampleAt(300)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        sampleAt(300);
        listener.onStatusChanged(null, status(CameraState.STOPPED), status(CameraState.STOPPED));
        listener.onStatusChanged(null, status(CameraState.BACKOFF), status(CameraState.CONNECTING));
        sampleAt(300);
        assertThat(reclaimer.collections).hasValue(1);
    }

    @Test
    void cameraStoppedWhileReclaimsAreRateLimitedIsReclaimedWhenDue() {
        governor(s -> s.setMinGcIntervalSeconds(5));
        governor.captureStopped();
        sampleAt(300);
        assertThat(reclaimer.collections).hasValue(1);

        governor.captureStopped();
        clock.advance(Duration.ofSeconds(2));
        sampleAt(300);
        assertThat(reclaimer.collections).hasValue(1);

        clock.advance(Duration.ofSeconds(4));
        sampleAt(300);
        assertThat(reclaimer.collections).hasValue(2);
        assertThat(reclaimer.nativeReleases).hasValue(2);
    }

    @Test
    void cameraStoppedAtWarningAddsTheNativeReleaseToTheCollection() {
        governor(s -> { });
        governor.captureStopped();

        sampleAt(720);

        assertThat(reclaimer.collections).hasValue(1);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    private static CameraStatus status(CameraState state) {
        return new CameraStatus("cam-1", state, CircuitState.CLOSED, 0, null, Instant.EPOCH);
    }

    @Test
    void forceGcReportsFiguresBeforeAndAfter() throws Exception {
        governor = new MemoryGovernor(GovernorTestSettings.limit1000Mb(), probe,
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
        governor(s -> { });
        probe.failWith(new IllegalStateException("no reading"));

        CompletableFuture<ReclaimResult> result = governor.forceGc();

        assertThat(result).isCompletedExceptionally();
        assertThat(governor.gcCount()).isZero();
    }

    @Test
    void optimizeWithPauseHoldsCamerasUntilBelowWarning() throws Exception {
        governor(s -> { });
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
        governor(s -> { });
        sampleAt(100);

        governor.optimize(false).get();

        assertThat(governor.isPaused()).isFalse();
        assertThat(governor.allowedFps(25)).isEqualTo(25);
        assertThat(reclaimer.nativeReleases).hasValue(1);
    }

    @Test
    void thresholdsAndCapsChangeAtRunTime() {
        governor(s -> { });
        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.NORMAL);

        governor.reconfigure(s -> {
            s.setWarningPercent(50);
            s.setWarningMaxFps(5);
        });

        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.WARNING);
        assertThat(governor.allowedFps(25)).isEqualTo(5);
    }

    @Test
    void invalidRunTimeChangeKeepsTheSettingsInForce() {
        governor(s -> { });
        String before = governor.settings().toString();

        assertThatThrownBy(() -> governor.reconfigure(s -> s.setCriticalPercent(95)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.memory.critical-percent = '95' is not valid: expected below"
                                        + " edgevideo.memory.emergency-percent = 85;");
        assertThatThrownBy(() -> governor.reconfigure(s -> s.setEnabled(false)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.memory.enabled = 'false' is not valid: expected true (it cannot"
                                        + " change at run time)");

        assertThat(governor.settings()).hasToString(before);
    }

    @Test
    void settingsChangedOutsideTheGovernorDoNotReachIt() {
        MemoryGovernorSettings settings = GovernorTestSettings.limit1000Mb();
        governor = new MemoryGovernor(settings, probe, reclaimer, Runnable::run, clock);

        settings.setWarningPercent(10);
        governor.settings().setWarningMaxFps(1);

        assertThat(sampleAt(550)).isEqualTo(MemoryLevel.NORMAL);
        sampleAt(650);
        assertThat(governor.allowedFps(25)).isEqualTo(10);
    }

    @Test
    void invalidSettingsAreRefusedWhenTheGovernorIsBuilt() {
        assertThatThrownBy(() -> governor(s -> s.setWarningPercent(80)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.memory.warning-percent = '80' is not valid");
    }

}