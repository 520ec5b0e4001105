package dev.edgevideo.status;

import dev.edgevideo.governor.MemorySnapshot;
import dev.edgevideo.governor.OshiSystemProbe;

/**
 * One reading of the process and the host, as seed 001's system metrics.
 *
 * @param cpuPercent       CPU used by the process since the previous reading, in percent of one core (so above
 *                         100 when it keeps more than one core busy)
 * @param rssBytes         resident set size of the process
 * @param ramTotalBytes    the host's physical RAM
 * @param ramUsedPercent   the host's RAM in use by all processes, in percent
 * @param threads          the process's threads, native ones (FFmpeg's) included
 */
public record SystemSnapshot(double cpuPercent, long rssBytes, long ramTotalBytes, double ramUsedPercent, int threads) {

    private static final double MB = 1024d * 1024d;

    /** Before the first reading. */
    static final SystemSnapshot NONE = new SystemSnapshot(0, 0, 0, 0, 0);

    /** The status view of a probe reading. */
    static SystemSnapshot of(OshiSystemProbe.ProcessReading reading) {
        MemorySnapshot memory = reading.memory();
        return new SystemSnapshot(reading.cpuPercent(), memory.processRssBytes(), memory.systemTotalBytes(),
                memory.systemUsedPercent(), reading.threads());
    }

    public double rssMb() {
        return rssBytes / MB;
    }

    public double ramTotalMb() {
        return ramTotalBytes / MB;
    }
}
