package dev.edgevideo.governor;

/**
 * Told about every memory level change, on the governor's sampling thread. Keep it quick; an exception is logged
 * and does not stop the governor or the other listeners.
 */
@FunctionalInterface
public interface MemoryLevelListener {

    /** Called once per change, after the governor already applies the new level. */
    void onLevelChange(MemoryLevelChange change);
}
