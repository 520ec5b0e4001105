package dev.edgevideo.governor;

import java.time.Instant;

/**
 * A change of memory level, as told to {@link MemoryLevelListener}s.
 *
 * @param previous the level left
 * @param current  the level entered
 * @param status   the sample that caused the change
 */
public record MemoryLevelChange(MemoryLevel previous, MemoryLevel current, MemoryStatus status) {

    /** When the change happened. */
    public Instant at() {
        return status.levelSince();
    }

    /** Whether memory got worse (the level went up). */
    public boolean isEscalation() {
        return current.code() > previous.code();
    }
}
