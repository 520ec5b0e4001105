package dev.edgevideo.governor;

/**
 * One reading of the process's and the system's memory, all in bytes.
 * <p>
 * The resident set size is what the governor limits: frames decoded by FFmpeg live in native memory that the
 * JVM heap figures never show. The heap and JavaCPP figures are there to tell where the resident memory went.
 *
 * @param processRssBytes     resident set size of this process
 * @param systemTotalBytes    the system's physical RAM
 * @param systemUsedBytes     the system's RAM in use (total minus available), by every process
 * @param heapUsedBytes       JVM heap in use
 * @param heapMaxBytes        JVM heap maximum, or -1 when the JVM does not define one
 * @param nativePhysicalBytes the process's physical memory as JavaCPP measures it ({@code Pointer.physicalBytes()})
 * @param nativeTrackedBytes  native memory allocated through JavaCPP and not yet freed ({@code Pointer.totalBytes()})
 */
public record MemorySnapshot(long processRssBytes, long systemTotalBytes, long systemUsedBytes, long heapUsedBytes,
                             long heapMaxBytes, long nativePhysicalBytes, long nativeTrackedBytes) {

    static final double MB = 1024d * 1024d;

    public double processRssMb() {
        return processRssBytes / MB;
    }

    /** Share of the system's RAM in use, 0 when the total is unknown. */
    public double systemUsedPercent() {
        return systemTotalBytes > 0 ? systemUsedBytes * 100d / systemTotalBytes : 0;
    }
}
