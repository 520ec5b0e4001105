package dev.edgevideo.governor;

import java.time.Instant;

/**
 * The governor's view after a sample: the level, the figures it was decided on and since when it holds.
 *
 * @param level             the current level
 * @param processPercent    process resident memory as a share of {@code limitBytes}
 * @param systemUsedPercent RAM used by all processes as a share of the system's RAM
 * @param signal            which of the two percentages set the level
 * @param limitBytes        the process memory limit the percentage is of
 * @param snapshot          the reading, {@code null} until the first successful sample
 * @param sampledAt         when the reading was taken (the governor's clock)
 * @param levelSince        when the current level was entered
 */
public record MemoryStatus(MemoryLevel level, double processPercent, double systemUsedPercent, MemorySignal signal,
                           long limitBytes, MemorySnapshot snapshot, Instant sampledAt, Instant levelSince) {

    /** The status before any reading: NORMAL, nothing known. */
    static MemoryStatus initial(Instant now) {
        return new MemoryStatus(MemoryLevel.NORMAL, 0, 0, MemorySignal.PROCESS, 0, null, now, now);
    }

    public long limitMb() {
        return limitBytes / (1024L * 1024L);
    }
}
