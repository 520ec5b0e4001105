package dev.edgevideo.governor;

import java.time.Instant;

/**
 * The governor's decisions, as pure functions of a reading, the previous status, the settings and the time: which
 * level (hysteresis, emergency hold), which signal set it, the frame rate cap, and whether memory should be
 * reclaimed. No threads, no clock of its own, no I/O, so every rule is tested with made-up snapshots and instants.
 */
final class MemoryLevelPolicy {

    private MemoryLevelPolicy() {
    }

    /**
     * The status a reading leads to. The level is the more severe of the process signal (resident memory against
     * the limit) and the system signal (RAM used by every process); EMERGENCY is held at least
     * {@code emergencyMinInterval} so the reclaims started on entry get time to show.
     */
    static MemoryStatus next(MemoryStatus previous, MemorySnapshot snapshot, MemoryGovernorSettings cfg, Instant now) {
        long limit = cfg.limitBytes(snapshot.systemTotalBytes());
        double processPercent = limit > 0 ? snapshot.processRssBytes() * 100d / limit : 0;
        double systemPercent = snapshot.systemUsedPercent();

        MemoryLevel current = previous.level();
        MemoryLevel byProcess = levelFor(processPercent, current, cfg);
        MemoryLevel bySystem = levelFor(systemPercent, current, cfg);
        MemoryLevel level = byProcess.isAtLeast(bySystem) ? byProcess : bySystem;
        if (current == MemoryLevel.EMERGENCY && level != MemoryLevel.EMERGENCY
            && now.isBefore(previous.levelSince().plus(cfg.emergencyMinInterval()))) {
            level = MemoryLevel.EMERGENCY;
        }
        Instant since = level == current ? previous.levelSince() : now;
        return new MemoryStatus(level, processPercent, systemPercent,
                signal(byProcess, bySystem, processPercent, systemPercent), limit, snapshot, now, since);
    }

    /**
     * The level a percentage calls for, given the current level: any threshold reached is entered at once; a
     * level is left only below its threshold minus the hysteresis, one level at a time, so a fall from EMERGENCY
     * lands on the highest level whose band still holds the reading.
     */
    static MemoryLevel levelFor(double percent, MemoryLevel current, MemoryGovernorSettings cfg) {
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

    /** The signal that set the level; on a tie of levels, the higher percentage, to tell operators where to look. */
    static MemorySignal signal(MemoryLevel byProcess, MemoryLevel bySystem, double processPercent,
                               double systemPercent) {
        if (byProcess != bySystem) {
            return byProcess.isAtLeast(bySystem) ? MemorySignal.PROCESS : MemorySignal.SYSTEM;
        }
        return systemPercent > processPercent ? MemorySignal.SYSTEM : MemorySignal.PROCESS;
    }

    /**
     * The rate a camera may sample at: its own below WARNING, the level's cap above, the emergency cap while
     * cameras are held; always its own when the governor is disabled.
     */
    static double allowedFps(double requestedFps, MemoryLevel level, boolean held, MemoryGovernorSettings cfg) {
        if (!cfg.isEnabled()) {
            return requestedFps;
        }
        return Math.min(requestedFps, held ? cfg.getEmergencyMaxFps() : cfg.maxFps(level));
    }

    /**
     * Why the status calls for reclaiming memory, or {@code null} when it does not: from CRITICAL (whichever signal
     * set it), or once the process reaches {@code gcTriggerPercent}. Never while the governor is disabled.
     */
    static String reclaimReason(MemoryStatus status, MemoryGovernorSettings cfg) {
        if (!cfg.isEnabled()) {
            return null;
        }
        if (releasesNativeMemory(status.level())) {
            return status.level() + " level";
        }
        return status.processPercent() >= cfg.getGcTriggerPercent()
                ? "process usage " + MemoryGovernor.percent(status.processPercent()) + " % >= "
                  + cfg.getGcTriggerPercent() + " %"
                : null;
    }

    /** Whether a reclaim at this level also releases native memory: a heap collection alone is not enough there. */
    static boolean releasesNativeMemory(MemoryLevel level) {
        return level.isAtLeast(MemoryLevel.CRITICAL);
    }
}
