package dev.edgevideo.governor;

/**
 * Reads the current memory figures. The governor samples through this interface so tests can drive every level
 * with made-up figures instead of allocating gigabytes.
 * <p>
 * Implementations must be safe to call from several threads: the sampler and the reclaim thread both read.
 */
@FunctionalInterface
public interface MemoryProbe {

    /** Name of an optional bean, bound before start-up, that replaces the service's OSHI probe (a test, a cgroup). */
    String BEAN = "memoryProbe";

    /**
     * @return a fresh reading
     * @throws RuntimeException when the figures cannot be read; the governor keeps its last level and retries
     */
    MemorySnapshot sample();
}
