package dev.edgevideo.status;

import java.util.List;

/**
 * The memory governor now and its recent history.
 *
 * @param level        NORMAL, WARNING, CRITICAL or EMERGENCY
 * @param levelCode    0 to 3
 * @param usagePercent process memory in percent of the limit
 * @param limitMb      the governor's process memory limit
 * @param rssMb        the process's resident memory
 * @param history      oldest first, one point per system reading
 */
public record MemoryView(String level, int levelCode, double usagePercent, long limitMb, double rssMb,
                         List<MemoryView.Point> history) {

    /**
     * The memory governor's reading at one moment, a point of the status page's history chart.
     *
     * @param epochMillis  when
     * @param usagePercent process memory in percent of the governor's limit
     * @param level        memory level code, 0 NORMAL to 3 EMERGENCY
     */
    public record Point(long epochMillis, double usagePercent, int level) {
    }
}
