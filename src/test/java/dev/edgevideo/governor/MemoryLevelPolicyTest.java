package dev.edgevideo.governor;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The level rules on made-up snapshots and instants: a limit of 1000 MB, so a process of N MB is at N / 10 %, on
 * a system of 16000 MB with 1000 MB used unless a test says otherwise.
 */
class MemoryLevelPolicyTest {

    private static final long MB = 1024L * 1024L;
    private static final MemoryGovernorSettings CONFIG = GovernorTestSettings.limit1000Mb();

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private MemoryStatus status = MemoryStatus.initial(now);

    private MemoryLevel at(long processMb) {
        return at(processMb, 16_000, 1_000);
    }

    private MemoryLevel at(long processMb, long systemTotalMb, long systemUsedMb) {
        status = MemoryLevelPolicy.next(status, snapshot(processMb, systemTotalMb, systemUsedMb), CONFIG, now);
        return status.level();
    }

    private static MemorySnapshot snapshot(long processMb, long systemTotalMb, long systemUsedMb) {
        return new MemorySnapshot(processMb * MB, systemTotalMb * MB, systemUsedMb * MB, 0, -1, 0, 0);
    }

    @Test
    void entersEachLevelAtItsThreshold() {
        assertThat(at(599)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(at(600)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(750)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(at(850)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(status.processPercent()).isEqualTo(85.0);
    }

    @Test
    void levelsCanBeSkippedOnTheWayUp() {
        assertThat(at(900)).isEqualTo(MemoryLevel.EMERGENCY);
    }

    @Test
    void warningLevelIsLeftOnlyBelowHysteresisBand() {
        at(600);

        assertThat(at(590)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(550)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(549)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(at(590)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void fallFromEmergencyLandsOnTheHighestBandStillHeld() {
        at(900);
        now = now.plusSeconds(2);

        assertThat(at(720)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(at(690)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(560)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(540)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void sharpFallFromEmergencyGoesStraightToNormal() {
        at(900);
        now = now.plusSeconds(2);

        assertThat(at(100)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void emergencyIsHeldForEmergencyMinInterval() {
        at(900);
        Instant entered = now;

        now = entered.plus(Duration.ofMillis(1999));
        assertThat(at(100)).isEqualTo(MemoryLevel.EMERGENCY);
        assertThat(status.levelSince()).isEqualTo(entered);
        now = entered.plus(Duration.ofSeconds(2));
        assertThat(at(100)).isEqualTo(MemoryLevel.NORMAL);
        assertThat(status.levelSince()).isEqualTo(now);
    }

    @Test
    void autoLimitIsThreeQuartersOfSystemRam() {
        status = MemoryLevelPolicy.next(status, snapshot(1800, 4000, 2000), new MemoryGovernorSettings(), now);

        assertThat(status.limitMb()).isEqualTo(3000);
        assertThat(status.processPercent()).isEqualTo(60.0);
        assertThat(status.level()).isEqualTo(MemoryLevel.WARNING);
    }

    @Test
    void systemMemorySignalDrivesTheLevelWhenHigher() {
        assertThat(at(100, 10_000, 8_000)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(status.signal()).isEqualTo(MemorySignal.SYSTEM);
        assertThat(status.systemUsedPercent()).isEqualTo(80.0);
        assertThat(status.processPercent()).isEqualTo(10.0);
    }

    @Test
    void systemSignalHasHysteresisToo() {
        assertThat(at(100, 10_000, 6_000)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(100, 10_000, 5_600)).isEqualTo(MemoryLevel.WARNING);
        assertThat(at(100, 10_000, 5_400)).isEqualTo(MemoryLevel.NORMAL);
    }

    @Test
    void processSignalDrivesTheLevelWhenHigher() {
        assertThat(at(800, 10_000, 6_500)).isEqualTo(MemoryLevel.CRITICAL);
        assertThat(status.signal()).isEqualTo(MemorySignal.PROCESS);
    }

    @Test
    void eachLevelCapsTheRateAndHeldCamerasGetTheEmergencyCap() {
        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.NORMAL, false, CONFIG)).isEqualTo(25);
        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.WARNING, false, CONFIG)).isEqualTo(10);
        assertThat(MemoryLevelPolicy.allowedFps(4, MemoryLevel.WARNING, false, CONFIG)).isEqualTo(4);
        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.CRITICAL, false, CONFIG)).isEqualTo(2);
        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.EMERGENCY, false, CONFIG)).isEqualTo(0.5);
        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.NORMAL, true, CONFIG)).isEqualTo(0.5);
    }

    @Test
    void disabledGovernorNeitherCapsNorReclaims() {
        MemoryGovernorSettings disabled = GovernorTestSettings.limit1000Mb(s -> s.setEnabled(false));
        at(950);

        assertThat(MemoryLevelPolicy.allowedFps(25, MemoryLevel.EMERGENCY, true, disabled)).isEqualTo(25);
        assertThat(MemoryLevelPolicy.reclaimReason(status, disabled)).isNull();
    }

    @Test
    void reclaimFromTheGcTriggerWithNativeReleaseFromCritical() {
        at(690);
        assertThat(MemoryLevelPolicy.reclaimReason(status, CONFIG)).isNull();
        at(700);
        assertThat(MemoryLevelPolicy.reclaimReason(status, CONFIG)).isEqualTo("process usage 70.0 % >= 70.0 %");
        assertThat(MemoryLevelPolicy.releasesNativeMemory(status.level())).isFalse();
        at(760);
        assertThat(MemoryLevelPolicy.reclaimReason(status, CONFIG)).isEqualTo("CRITICAL level");
        assertThat(MemoryLevelPolicy.releasesNativeMemory(status.level())).isTrue();
    }

    @Test
    void systemDrivenCriticalReclaimsEvenBelowTheTrigger() {
        at(100, 10_000, 8_000);

        assertThat(MemoryLevelPolicy.reclaimReason(status, CONFIG)).isEqualTo("CRITICAL level");
    }
}
