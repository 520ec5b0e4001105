package dev.edgevideo.governor;

/**
 * The governor's meter names and tags, in one place for dashboards, alerts and tests.
 * <p>
 * Counters are named without {@code _total}: Micrometer's Prometheus registry appends it, so
 * {@link #GC} is scraped as {@code edge_video_memory_gc_total}. Gauges carry no base unit, because the unit is
 * already in the name and a base unit would be appended a second time.
 */
public final class GovernorMetricNames {

    /** Gauge: process resident memory as a percentage of the limit. */
    public static final String USAGE_PERCENT = "edge_video_memory_usage_percent";
    /** Gauge: process resident memory in MB. */
    public static final String ALLOC_MB = "edge_video_memory_alloc_mb";
    /** Gauge: the memory level code, 0 NORMAL to 3 EMERGENCY. */
    public static final String LEVEL = "edge_video_memory_level";
    /** Counter, scraped as {@code edge_video_memory_gc_total}: forced garbage collections. */
    public static final String GC = "edge_video_memory_gc";

    private GovernorMetricNames() {
    }
}
