package dev.edgevideo.governor;

/**
 * One reading of the process and the host by {@link OshiSystemProbe#sampleProcess()}, as seed 001's system metrics
 * and the status page show it.
 *
 * @param cpuPercent       CPU used by the process since the previous reading, in percent of one core (so above
 *                         100 when it keeps more than one core busy)
 * @param rssBytes         resident set size of the process
 * @param ramTotalBytes    the host's physical RAM
 * @param ramUsedPercent   the host's RAM in use by all processes, in percent
 * @param threads          the process's threads, native ones (FFmpeg's) included
 */
public record SystemSnapshot(double cpuPercent, long rssBytes, long ramTotalBytes, double ramUsedPercent, int threads) {

    /** Before the first reading. */
    public static final SystemSnapshot NONE = new SystemSnapshot(0, 0, 0, 0, 0);

    public double rssMb() {
        return rssBytes / MemorySnapshot.MB;
    }

    public double ramTotalMb() {
        return ramTotalBytes / MemorySnapshot.MB;
    }
}
