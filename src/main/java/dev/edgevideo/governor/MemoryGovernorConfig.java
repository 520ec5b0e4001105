package dev.edgevideo.governor;

import java.time.Duration;
import java.util.Locale;

/**
 * The memory governor's settings: thresholds, hysteresis, sampling and GC pacing, and the frame rate cap of each
 * level. Immutable; build one with {@link #custom()}, start from {@link #ofDefaults()}, copy one with
 * {@link #from(MemoryGovernorConfig)}; the {@code edgevideo.memory.*} properties are bound to it by
 * {@link MemoryGovernorProperties}.
 * <p>
 * Percentages are of the memory limit for the process signal and of the system's RAM for the system signal.
 * Every validation message names the property key, the allowed range and the rejected value, so a typo in
 * {@code application.properties} or a JMX write points straight at the setting to fix.
 */
public final class MemoryGovernorConfig {

    /** Prefix shared by all the governor's property keys. */
    public static final String PREFIX = "edgevideo.memory.";
    /** Property key of {@link #isEnabled()}. */
    public static final String KEY_ENABLED = PREFIX + "enabled";
    /** Property key of {@link #getMaxMemoryMb()}. */
    public static final String KEY_MAX_MEMORY_MB = PREFIX + "max-memory-mb";
    /** Property key of {@link #getWarningPercent()}. */
    public static final String KEY_WARNING_PERCENT = PREFIX + "warning-percent";
    /** Property key of {@link #getCriticalPercent()}. */
    public static final String KEY_CRITICAL_PERCENT = PREFIX + "critical-percent";
    /** Property key of {@link #getEmergencyPercent()}. */
    public static final String KEY_EMERGENCY_PERCENT = PREFIX + "emergency-percent";
    /** Property key of {@link #getHysteresisPercent()}. */
    public static final String KEY_HYSTERESIS_PERCENT = PREFIX + "hysteresis-percent";
    /** Property key of {@link #getCheckInterval()}, in seconds. */
    public static final String KEY_CHECK_INTERVAL_SECONDS = PREFIX + "check-interval-seconds";
    /** Property key of {@link #getGcTriggerPercent()}. */
    public static final String KEY_GC_TRIGGER_PERCENT = PREFIX + "gc-trigger-percent";
    /** Property key of {@link #getMinGcInterval()}, in seconds. */
    public static final String KEY_MIN_GC_INTERVAL_SECONDS = PREFIX + "min-gc-interval-seconds";
    /** Property key of {@link #getWarningMaxFps()}. */
    public static final String KEY_WARNING_MAX_FPS = PREFIX + "warning-max-fps";
    /** Property key of {@link #getCriticalMaxFps()}. */
    public static final String KEY_CRITICAL_MAX_FPS = PREFIX + "critical-max-fps";
    /** Property key of {@link #getEmergencyMaxFps()}. */
    public static final String KEY_EMERGENCY_MAX_FPS = PREFIX + "emergency-max-fps";
    /** Property key of {@link #getEmergencyMinInterval()}, in seconds. */
    public static final String KEY_EMERGENCY_MIN_INTERVAL_SECONDS = PREFIX + "emergency-min-interval-seconds";

    /** The governor is on unless switched off. */
    public static final boolean DEFAULT_ENABLED = true;
    /** 0: the limit is {@link #AUTO_LIMIT_FRACTION} of the system's RAM. */
    public static final long DEFAULT_MAX_MEMORY_MB = 0;
    /** Share of the system's RAM used as the limit when {@code max-memory-mb} is 0. */
    public static final double AUTO_LIMIT_FRACTION = 0.75;
    /** Default usage percentage at which WARNING starts. */
    public static final double DEFAULT_WARNING_PERCENT = 60;
    /** Default usage percentage at which CRITICAL starts. */
    public static final double DEFAULT_CRITICAL_PERCENT = 75;
    /** Default usage percentage at which EMERGENCY starts. */
    public static final double DEFAULT_EMERGENCY_PERCENT = 85;
    /** Points below a level's threshold that usage must fall to before the level is left. */
    public static final double DEFAULT_HYSTERESIS_PERCENT = 5;
    /** Default time between two memory samples. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);
    /** Default process usage percentage from which garbage collections are forced. */
    public static final double DEFAULT_GC_TRIGGER_PERCENT = 70;
    /** Default shortest time between two automatic garbage collections. */
    public static final Duration DEFAULT_MIN_GC_INTERVAL = Duration.ofSeconds(5);
    /** Default frame rate cap while WARNING. */
    public static final double DEFAULT_WARNING_MAX_FPS = 10;
    /** Default frame rate cap while CRITICAL. */
    public static final double DEFAULT_CRITICAL_MAX_FPS = 2;
    /** Default frame rate cap while EMERGENCY: one frame every 2 s. */
    public static final double DEFAULT_EMERGENCY_MAX_FPS = 0.5;
    /** Default shortest stay in EMERGENCY. */
    public static final Duration DEFAULT_EMERGENCY_MIN_INTERVAL = Duration.ofSeconds(2);

    private static final long BYTES_PER_MB = 1024L * 1024L;

    private final boolean enabled;
    private final long maxMemoryMb;
    private final double warningPercent;
    private final double criticalPercent;
    private final double emergencyPercent;
    private final double hysteresisPercent;
    private final Duration checkInterval;
    private final double gcTriggerPercent;
    private final Duration minGcInterval;
    private final double warningMaxFps;
    private final double criticalMaxFps;
    private final double emergencyMaxFps;
    private final Duration emergencyMinInterval;

    private MemoryGovernorConfig(Builder b) {
        this.enabled = b.enabled;
        this.maxMemoryMb = b.maxMemoryMb;
        this.warningPercent = b.warningPercent;
        this.criticalPercent = b.criticalPercent;
        this.emergencyPercent = b.emergencyPercent;
        this.hysteresisPercent = b.hysteresisPercent;
        this.checkInterval = b.checkInterval;
        this.gcTriggerPercent = b.gcTriggerPercent;
        this.minGcInterval = b.minGcInterval;
        this.warningMaxFps = b.warningMaxFps;
        this.criticalMaxFps = b.criticalMaxFps;
        this.emergencyMaxFps = b.emergencyMaxFps;
        this.emergencyMinInterval = b.emergencyMinInterval;
    }

    /** The defaults: 60/75/85 % thresholds, 5 points hysteresis, auto limit, 10/2/0.5 fps caps. */
    public static MemoryGovernorConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}, to change a few settings of a running governor. */
    public static Builder from(MemoryGovernorConfig base) {
        return new Builder(base);
    }

    /** Whether the governor caps cameras at all; when off every camera runs at its own rate. */
    public boolean isEnabled() {
        return enabled;
    }

    /** The process memory limit in MB; 0 means {@link #AUTO_LIMIT_FRACTION} of the system's RAM. */
    public long getMaxMemoryMb() {
        return maxMemoryMb;
    }

    /** Whether the limit is derived from the system's RAM rather than set. */
    public boolean isAutoLimit() {
        return maxMemoryMb == 0;
    }

    /**
     * The process memory limit in bytes.
     *
     * @param systemTotalBytes the system's RAM, used when the limit is automatic
     */
    public long limitBytes(long systemTotalBytes) {
        return isAutoLimit() ? (long) (systemTotalBytes * AUTO_LIMIT_FRACTION) : maxMemoryMb * BYTES_PER_MB;
    }

    /** Usage percentage at which WARNING starts. */
    public double getWarningPercent() {
        return warningPercent;
    }

    /** Usage percentage at which CRITICAL starts. */
    public double getCriticalPercent() {
        return criticalPercent;
    }

    /** Usage percentage at which EMERGENCY starts. */
    public double getEmergencyPercent() {
        return emergencyPercent;
    }

    /** Points below a level's threshold that usage must fall to before that level is left. */
    public double getHysteresisPercent() {
        return hysteresisPercent;
    }

    /** How often memory is sampled. */
    public Duration getCheckInterval() {
        return checkInterval;
    }

    /** Process usage percentage from which a garbage collection is requested. */
    public double getGcTriggerPercent() {
        return gcTriggerPercent;
    }

    /** Shortest time between two automatic garbage collection requests. */
    public Duration getMinGcInterval() {
        return minGcInterval;
    }

    /** Frame rate cap while WARNING. */
    public double getWarningMaxFps() {
        return warningMaxFps;
    }

    /** Frame rate cap while CRITICAL. */
    public double getCriticalMaxFps() {
        return criticalMaxFps;
    }

    /** Frame rate cap while EMERGENCY (and while cameras are held by an optimize request). */
    public double getEmergencyMaxFps() {
        return emergencyMaxFps;
    }

    /**
     * Shortest stay in EMERGENCY: once cameras are paused they stay paused at least this long, even if usage
     * falls sooner, so the collections and native release started on entry get time to show.
     */
    public Duration getEmergencyMinInterval() {
        return emergencyMinInterval;
    }

    /** The threshold at which {@code level} starts; 0 for NORMAL. */
    public double threshold(MemoryLevel level) {
        switch (level) {
            case WARNING:
                return warningPercent;
            case CRITICAL:
                return criticalPercent;
            case EMERGENCY:
                return emergencyPercent;
            default:
                return 0;
        }
    }

    /** The frame rate cap of {@code level}; unlimited (positive infinity) for NORMAL. */
    public double maxFps(MemoryLevel level) {
        switch (level) {
            case WARNING:
                return warningMaxFps;
            case CRITICAL:
                return criticalMaxFps;
            case EMERGENCY:
                return emergencyMaxFps;
            default:
                return Double.POSITIVE_INFINITY;
        }
    }

    @Override
    public String toString() {
        return "MemoryGovernorConfig{enabled=" + enabled
               + ", maxMemoryMb=" + maxMemoryMb + (isAutoLimit() ? " (auto)" : "")
               + ", warningPercent=" + warningPercent
               + ", criticalPercent=" + criticalPercent
               + ", emergencyPercent=" + emergencyPercent
               + ", hysteresisPercent=" + hysteresisPercent
               + ", checkInterval=" + checkInterval
               + ", gcTriggerPercent=" + gcTriggerPercent
               + ", minGcInterval=" + minGcInterval
               + ", warningMaxFps=" + warningMaxFps
               + ", criticalMaxFps=" + criticalMaxFps
               + ", emergencyMaxFps=" + emergencyMaxFps
               + ", emergencyMinInterval=" + emergencyMinInterval + '}';
    }

    /**
     * Builds a validated {@link MemoryGovernorConfig}. Setters only record values; {@link #build()} checks every
     * field and the order of the thresholds, so settings can be given in any order.
     */
    public static final class Builder {

        private boolean enabled = DEFAULT_ENABLED;
        private long maxMemoryMb = DEFAULT_MAX_MEMORY_MB;
        private double warningPercent = DEFAULT_WARNING_PERCENT;
        private double criticalPercent = DEFAULT_CRITICAL_PERCENT;
        private double emergencyPercent = DEFAULT_EMERGENCY_PERCENT;
        private double hysteresisPercent = DEFAULT_HYSTERESIS_PERCENT;
        private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
        private double gcTriggerPercent = DEFAULT_GC_TRIGGER_PERCENT;
        private Duration minGcInterval = DEFAULT_MIN_GC_INTERVAL;
        private double warningMaxFps = DEFAULT_WARNING_MAX_FPS;
        private double criticalMaxFps = DEFAULT_CRITICAL_MAX_FPS;
        private double emergencyMaxFps = DEFAULT_EMERGENCY_MAX_FPS;
        private Duration emergencyMinInterval = DEFAULT_EMERGENCY_MIN_INTERVAL;

        private Builder() {
        }

        private Builder(MemoryGovernorConfig base) {
            this.enabled = base.enabled;
            this.maxMemoryMb = base.maxMemoryMb;
            this.warningPercent = base.warningPercent;
            this.criticalPercent = base.criticalPercent;
            this.emergencyPercent = base.emergencyPercent;
            this.hysteresisPercent = base.hysteresisPercent;
            this.checkInterval = base.checkInterval;
            this.gcTriggerPercent = base.gcTriggerPercent;
            this.minGcInterval = base.minGcInterval;
            this.warningMaxFps = base.warningMaxFps;
            this.criticalMaxFps = base.criticalMaxFps;
            this.emergencyMaxFps = base.emergencyMaxFps;
            this.emergencyMinInterval = base.emergencyMinInterval;
        }

        /** See {@link MemoryGovernorConfig#isEnabled()}. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getMaxMemoryMb()}; at least 0. */
        public Builder maxMemoryMb(long maxMemoryMb) {
            this.maxMemoryMb = maxMemoryMb;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getWarningPercent()}; in (0, 100], below the critical threshold. */
        public Builder warningPercent(double warningPercent) {
            this.warningPercent = warningPercent;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getCriticalPercent()}; in (0, 100], below the emergency threshold. */
        public Builder criticalPercent(double criticalPercent) {
            this.criticalPercent = criticalPercent;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getEmergencyPercent()}; in (0, 100]. */
        public Builder emergencyPercent(double emergencyPercent) {
            this.emergencyPercent = emergencyPercent;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getHysteresisPercent()}; in [0, warning threshold). */
        public Builder hysteresisPercent(double hysteresisPercent) {
            this.hysteresisPercent = hysteresisPercent;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getCheckInterval()}; positive. */
        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getGcTriggerPercent()}; in (0, 100]. */
        public Builder gcTriggerPercent(double gcTriggerPercent) {
            this.gcTriggerPercent = gcTriggerPercent;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getMinGcInterval()}; positive. */
        public Builder minGcInterval(Duration minGcInterval) {
            this.minGcInterval = minGcInterval;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getWarningMaxFps()}; positive. */
        public Builder warningMaxFps(double warningMaxFps) {
            this.warningMaxFps = warningMaxFps;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getCriticalMaxFps()}; positive, at most the warning cap. */
        public Builder criticalMaxFps(double criticalMaxFps) {
            this.criticalMaxFps = criticalMaxFps;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getEmergencyMaxFps()}; positive, at most the critical cap. */
        public Builder emergencyMaxFps(double emergencyMaxFps) {
            this.emergencyMaxFps = emergencyMaxFps;
            return this;
        }

        /** See {@link MemoryGovernorConfig#getEmergencyMinInterval()}; positive. */
        public Builder emergencyMinInterval(Duration emergencyMinInterval) {
            this.emergencyMinInterval = emergencyMinInterval;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the offending key, the allowed range and the value
         */
        public MemoryGovernorConfig build() {
            if (maxMemoryMb < 0) {
                throw new IllegalArgumentException(KEY_MAX_MEMORY_MB + " must be >= 0 (0 = auto, "
                                                   + (int) (AUTO_LIMIT_FRACTION * 100) + " % of system RAM) but was "
                                                   + maxMemoryMb);
            }
            requirePercent(KEY_WARNING_PERCENT, warningPercent);
            requirePercent(KEY_CRITICAL_PERCENT, criticalPercent);
            requirePercent(KEY_EMERGENCY_PERCENT, emergencyPercent);
            requirePercent(KEY_GC_TRIGGER_PERCENT, gcTriggerPercent);
            requireBelow(KEY_WARNING_PERCENT, warningPercent, KEY_CRITICAL_PERCENT, criticalPercent);
            requireBelow(KEY_CRITICAL_PERCENT, criticalPercent, KEY_EMERGENCY_PERCENT, emergencyPercent);
            // A band as wide as the warning threshold would make NORMAL unreachable once WARNING is entered.
            if (!(hysteresisPercent >= 0 && hysteresisPercent < warningPercent)) {
                throw new IllegalArgumentException(KEY_HYSTERESIS_PERCENT + " must be in [0, " + KEY_WARNING_PERCENT
                                                   + " = " + warningPercent + ") but was " + hysteresisPercent);
            }
            requirePositive(KEY_CHECK_INTERVAL_SECONDS, checkInterval);
            requirePositive(KEY_MIN_GC_INTERVAL_SECONDS, minGcInterval);
            requirePositive(KEY_EMERGENCY_MIN_INTERVAL_SECONDS, emergencyMinInterval);
            requirePositive(KEY_WARNING_MAX_FPS, warningMaxFps);
            requirePositive(KEY_CRITICAL_MAX_FPS, criticalMaxFps);
            requirePositive(KEY_EMERGENCY_MAX_FPS, emergencyMaxFps);
            // A more severe level allowing more frames than a milder one would speed cameras up as memory fills.
            requireAtMost(KEY_CRITICAL_MAX_FPS, criticalMaxFps, KEY_WARNING_MAX_FPS, warningMaxFps);
            requireAtMost(KEY_EMERGENCY_MAX_FPS, emergencyMaxFps, KEY_CRITICAL_MAX_FPS, criticalMaxFps);
            return new MemoryGovernorConfig(this);
        }

        private static void requirePercent(String key, double value) {
            if (!(value > 0 && value <= 100)) {
                throw new IllegalArgumentException(key + " must be in (0, 100] but was " + value);
            }
        }

        private static void requireBelow(String key, double value, String upperKey, double upper) {
            if (!(value < upper)) {
                throw new IllegalArgumentException(key + " must be below " + upperKey + " = " + upper + " but was "
                                                   + value);
            }
        }

        private static void requireAtMost(String key, double value, String upperKey, double upper) {
            if (value > upper) {
                throw new IllegalArgumentException(key + " must be in (0, " + upperKey + " = " + upper + "] but was "
                                                   + value);
            }
        }

        private static void requirePositive(String key, double value) {
            if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(key + " must be a finite number > 0 but was " + value);
            }
        }

        private static void requirePositive(String key, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(key + " must be > 0 but was "
                                                   + (value == null ? "null" : formatSeconds(value)));
            }
        }

        private static String formatSeconds(Duration value) {
            return String.format(Locale.ROOT, "%s s", value.toMillis() / 1000d);
        }
    }
}
