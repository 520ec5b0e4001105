package dev.edgevideo.status;

/**
 * The memory governor's reading at one moment, a point of the status page's history chart.
 *
 * @param epochMillis  when
 * @param usagePercent process memory in percent of the governor's limit
 * @param level        memory level code, 0 NORMAL to 3 EMERGENCY
 */
public record MemoryPoint(long epochMillis, double usagePercent, int level) {
}
