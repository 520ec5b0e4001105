package dev.edgevideo.governor;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a forced garbage collection, with the figures before and after for the HTTP API and JMX.
 *
 * @param reason         why it ran: the trigger or the request
 * @param nativeReleased whether native memory was released as well
 * @param before         the reading just before
 * @param after          the reading just after
 * @param duration       how long the collection and release took
 */
public record ReclaimResult(String reason, boolean nativeReleased, MemorySnapshot before, MemorySnapshot after,
                            Duration duration) {

    /** Resident memory given back, in bytes; negative when the process grew meanwhile. */
    public long freedProcessBytes() {
        return before.processRssBytes() - after.processRssBytes();
    }

    public long freedHeapBytes() {
        return before.heapUsedBytes() - after.heapUsedBytes();
    }

    /** What the log line and the JMX operation say: {@code took 80 ms: process 900 MB -> 850 MB, heap ...}. */
    String figures() {
        return String.format(Locale.ROOT, "took %d ms: process %d MB -> %d MB, heap %d MB -> %d MB",
                duration.toMillis(), Math.round(before.processRssMb()), Math.round(after.processRssMb()),
                before.heapUsedBytes() >> 20, after.heapUsedBytes() >> 20);
    }
}
