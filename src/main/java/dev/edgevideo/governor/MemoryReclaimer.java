package dev.edgevideo.governor;

/**
 * Gives memory back: a garbage collection, and the release of native memory that collected objects held. Called
 * only on the reclaim executor ({@link ReclaimScheduler}); tests replace it to observe where and how often it runs.
 */
public interface MemoryReclaimer {

    void collectGarbage();

    /** Frees native memory whose Java owners were collected and returns freed pages to the operating system. */
    void releaseNativeMemory();
}
