package dev.edgevideo.governor;

/**
 * How close the service is to running out of memory, from {@link #NORMAL} to {@link #EMERGENCY}.
 * <p>
 * The order of the constants is the severity order. {@link #code()} is the stable number published as the
 * {@code edge_video_memory_level} gauge and over JMX; it is spelled out rather than taken from
 * {@link #ordinal()} so that reordering or adding constants can never silently change what dashboards and
 * alerts see.
 */
public enum MemoryLevel {

    /** Below the warning threshold: cameras run at their own rate. */
    NORMAL(0),
    /** At or above the warning threshold: cameras are capped at the warning rate. */
    WARNING(1),
    /** At or above the critical threshold: cameras are capped at the critical rate, native memory is released. */
    CRITICAL(2),
    /** At or above the emergency threshold: cameras are paused (held at the emergency rate). */
    EMERGENCY(3);

    private final int code;

    MemoryLevel(int code) {
        this.code = code;
    }

    /** The stable numeric code: 0 for NORMAL up to 3 for EMERGENCY. */
    public int code() {
        return code;
    }

    public boolean isAtLeast(MemoryLevel other) {
        return code >= other.code;
    }

    /** The next less severe level; {@link #NORMAL} stays {@link #NORMAL}. */
    MemoryLevel lower() {
        return this == NORMAL ? NORMAL : values()[ordinal() - 1];
    }
}
