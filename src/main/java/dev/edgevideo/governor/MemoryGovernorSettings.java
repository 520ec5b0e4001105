package dev.edgevideo.governor;

import java.time.Duration;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;

/**
 * The {@code edgevideo.memory.*} settings, bound by {@link Settings}: thresholds, hysteresis, sampling and GC pacing,
 * and the frame rate cap of each level. Percentages are of the memory limit for the process signal and of the
 * system's RAM for the system signal.
 */
public final class MemoryGovernorSettings implements Cloneable {

    public static final String PREFIX = "edgevideo.memory.";
    /** Share of the system's RAM used as the limit when {@code max-memory-mb} is 0. */
    public static final double AUTO_LIMIT_FRACTION = 0.75;

    private static final long BYTES_PER_MB = 1024L * 1024L;

    private boolean enabled = true;
    private long maxMemoryMb;
    private double warningPercent = 60;
    private double criticalPercent = 75;
    private double emergencyPercent = 85;
    private double hysteresisPercent = 5;
    private double checkIntervalSeconds = 2;
    private double gcTriggerPercent = 70;
    private double minGcIntervalSeconds = 5;
    private double warningMaxFps = 10;
    private double criticalMaxFps = 2;
    private double emergencyMaxFps = 0.5;
    private double emergencyMinIntervalSeconds = 2;

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Whether the governor caps cameras at all; when off every camera runs at its own rate. Cannot change at run
     * time. Default true.
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getMaxMemoryMb() {
        return maxMemoryMb;
    }

    /** The process memory limit in MB the percentages refer to; 0 (the default) means 75 % of the system's RAM. */
    public void setMaxMemoryMb(long maxMemoryMb) {
        this.maxMemoryMb = maxMemoryMb;
    }

    public double getWarningPercent() {
        return warningPercent;
    }

    /** Usage percentage at which WARNING starts; below the critical threshold. Default 60. */
    public void setWarningPercent(double warningPercent) {
        this.warningPercent = warningPercent;
    }

    public double getCriticalPercent() {
        return criticalPercent;
    }

    /** Usage percentage at which CRITICAL starts; below the emergency threshold. Default 75. */
    public void setCriticalPercent(double criticalPercent) {
        this.criticalPercent = criticalPercent;
    }

    public double getEmergencyPercent() {
        return emergencyPercent;
    }

    /** Usage percentage at which EMERGENCY starts, at most 100. Default 85. */
    public void setEmergencyPercent(double emergencyPercent) {
        this.emergencyPercent = emergencyPercent;
    }

    public double getHysteresisPercent() {
        return hysteresisPercent;
    }

    /**
     * Points below a level's threshold that usage must fall to before that level is left, so cameras do not flap;
     * at least 0 and below the warning threshold. Default 5.
     */
    public void setHysteresisPercent(double hysteresisPercent) {
        this.hysteresisPercent = hysteresisPercent;
    }

    public double getCheckIntervalSeconds() {
        return checkIntervalSeconds;
    }

    /** Seconds between two memory samples. Cannot change at run time. Default 2. */
    public void setCheckIntervalSeconds(double checkIntervalSeconds) {
        this.checkIntervalSeconds = checkIntervalSeconds;
    }

    public double getGcTriggerPercent() {
        return gcTriggerPercent;
    }

    /** Process usage percentage from which garbage collections are requested. Default 70. */
    public void setGcTriggerPercent(double gcTriggerPercent) {
        this.gcTriggerPercent = gcTriggerPercent;
    }

    public double getMinGcIntervalSeconds() {
        return minGcIntervalSeconds;
    }

    /** Shortest time in seconds between two automatic garbage collections. Default 5. */
    public void setMinGcIntervalSeconds(double minGcIntervalSeconds) {
        this.minGcIntervalSeconds = minGcIntervalSeconds;
    }

    public double getWarningMaxFps() {
        return warningMaxFps;
    }

    /** Frame rate cap of every camera while WARNING. Default 10. */
    public void setWarningMaxFps(double warningMaxFps) {
        this.warningMaxFps = warningMaxFps;
    }

    public double getCriticalMaxFps() {
        return criticalMaxFps;
    }

    /** Frame rate cap while CRITICAL, at most the warning cap. Default 2. */
    public void setCriticalMaxFps(double criticalMaxFps) {
        this.criticalMaxFps = criticalMaxFps;
    }

    public double getEmergencyMaxFps() {
        return emergencyMaxFps;
    }

    /**
     * Frame rate cap while EMERGENCY and while cameras are held by an optimize request, at most the critical cap.
     * Default 0.5: one frame every 2 s.
     */
    public void setEmergencyMaxFps(double emergencyMaxFps) {
        this.emergencyMaxFps = emergencyMaxFps;
    }

    public double getEmergencyMinIntervalSeconds() {
        return emergencyMinIntervalSeconds;
    }

    /**
     * Shortest stay in EMERGENCY, in seconds: once cameras are paused they stay paused at least this long, even if
     * usage falls sooner, so the collections and native release started on entry get time to show. Default 2.
     */
    public void setEmergencyMinIntervalSeconds(double emergencyMinIntervalSeconds) {
        this.emergencyMinIntervalSeconds = emergencyMinIntervalSeconds;
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

    /** The threshold at which {@code level} starts; 0 for NORMAL. */
    public double threshold(MemoryLevel level) {
        return switch (level) {
            case NORMAL -> 0;
            case WARNING -> warningPercent;
            case CRITICAL -> criticalPercent;
            case EMERGENCY -> emergencyPercent;
        };
    }

    /** The frame rate cap of {@code level}; unlimited (positive infinity) for NORMAL. */
    public double maxFps(MemoryLevel level) {
        return switch (level) {
            case NORMAL -> Double.POSITIVE_INFINITY;
            case WARNING -> warningMaxFps;
            case CRITICAL -> criticalMaxFps;
            case EMERGENCY -> emergencyMaxFps;
        };
    }

    Duration checkInterval() {
        return duration(checkIntervalSeconds);
    }

    Duration minGcInterval() {
        return duration(minGcIntervalSeconds);
    }

    Duration emergencyMinInterval() {
        return duration(emergencyMinIntervalSeconds);
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /**
     * These settings checked, as a copy: ranges, the order of the thresholds and of the caps.
     *
     * @throws ConfigurationException naming the first key whose value is out of range or out of order
     */
    public MemoryGovernorSettings validated() {
        check(maxMemoryMb >= 0, "max-memory-mb", maxMemoryMb,
                "a number of MB, or 0 for " + number(AUTO_LIMIT_FRACTION * 100) + " % of the system's RAM");
        checkPercent("warning-percent", warningPercent);
        checkPercent("critical-percent", criticalPercent);
        checkPercent("emergency-percent", emergencyPercent);
        checkPercent("gc-trigger-percent", gcTriggerPercent);
        checkBelow("warning-percent", warningPercent, "critical-percent", criticalPercent);
        checkBelow("critical-percent", criticalPercent, "emergency-percent", emergencyPercent);
        // A band as wide as the warning threshold would make NORMAL unreachable once WARNING is entered.
        check(hysteresisPercent >= 0 && hysteresisPercent < warningPercent, "hysteresis-percent", hysteresisPercent,
                "0 or more, below " + PREFIX + "warning-percent = " + number(warningPercent));
        checkPositive("check-interval-seconds", checkIntervalSeconds);
        checkPositive("min-gc-interval-seconds", minGcIntervalSeconds);
        checkPositive("emergency-min-interval-seconds", emergencyMinIntervalSeconds);
        checkPositive("warning-max-fps", warningMaxFps);
        checkPositive("critical-max-fps", criticalMaxFps);
        checkPositive("emergency-max-fps", emergencyMaxFps);
        // A more severe level allowing more frames than a milder one would speed cameras up as memory fills.
        check(criticalMaxFps <= warningMaxFps, "critical-max-fps", criticalMaxFps,
                "at most " + PREFIX + "warning-max-fps = " + number(warningMaxFps));
        check(emergencyMaxFps <= criticalMaxFps, "emergency-max-fps", emergencyMaxFps,
                "at most " + PREFIX + "critical-max-fps = " + number(criticalMaxFps));
        return copy();
    }

    private static void checkPercent(String name, double value) {
        check(value > 0 && value <= 100, name, value, "a percentage above 0, at most 100");
    }

    private static void checkBelow(String name, double value, String upperName, double upper) {
        check(value < upper, name, value, "below " + PREFIX + upperName + " = " + number(upper));
    }

    private static void checkPositive(String name, double value) {
        check(value > 0 && value < Double.POSITIVE_INFINITY, name, value, "a number above 0");
    }

    private static void check(boolean valid, String name, double value, String expected) {
        Settings.require(valid, PREFIX + name, number(value), expected);
    }

    /** A copy to change: every field is a primitive, so the field-by-field copy {@link #clone()} makes is whole. */
    MemoryGovernorSettings copy() {
        try {
            return (MemoryGovernorSettings) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** A number as a user writes it: {@code 60}, not {@code 60.0}. */
    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Every key with its value: {@code edgevideo.memory.critical-max-fps=2.0, ...}. */
    @Override
    public String toString() {
        return Settings.describe(PREFIX, this);
    }
}
