package dev.edgevideo.governor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;

/**
 * The {@code edgevideo.memory.*} properties, bound by Camel's property binding (through the configurer Camel's
 * tooling generates for this class), so a value of the wrong type is reported by Camel with its key. Unset keys
 * keep the {@link MemoryGovernorConfig} defaults; {@link #toConfig()} then checks ranges and order.
 */
@Configurer
public class MemoryGovernorProperties {

    /** Every key, as written in {@code application.properties}; each maps to the setter of the same name. */
    static final List<String> KEYS = List.of(MemoryGovernorConfig.KEY_ENABLED,
            MemoryGovernorConfig.KEY_MAX_MEMORY_MB, MemoryGovernorConfig.KEY_WARNING_PERCENT,
            MemoryGovernorConfig.KEY_CRITICAL_PERCENT, MemoryGovernorConfig.KEY_EMERGENCY_PERCENT,
            MemoryGovernorConfig.KEY_HYSTERESIS_PERCENT, MemoryGovernorConfig.KEY_CHECK_INTERVAL_SECONDS,
            MemoryGovernorConfig.KEY_GC_TRIGGER_PERCENT, MemoryGovernorConfig.KEY_MIN_GC_INTERVAL_SECONDS,
            MemoryGovernorConfig.KEY_WARNING_MAX_FPS, MemoryGovernorConfig.KEY_CRITICAL_MAX_FPS,
            MemoryGovernorConfig.KEY_EMERGENCY_MAX_FPS, MemoryGovernorConfig.KEY_EMERGENCY_MIN_INTERVAL_SECONDS);

    private boolean enabled = MemoryGovernorConfig.DEFAULT_ENABLED;
    // A double checked for a whole number, not an int or long: Camel's binding also reads whole-number options
    // as durations ("5s"), which turns a typo like "1.5G" into 0, the automatic limit, without a word.
    private double maxMemoryMb = MemoryGovernorConfig.DEFAULT_MAX_MEMORY_MB;
    private double warningPercent = MemoryGovernorConfig.DEFAULT_WARNING_PERCENT;
    private double criticalPercent = MemoryGovernorConfig.DEFAULT_CRITICAL_PERCENT;
    private double emergencyPercent = MemoryGovernorConfig.DEFAULT_EMERGENCY_PERCENT;
    private double hysteresisPercent = MemoryGovernorConfig.DEFAULT_HYSTERESIS_PERCENT;
    private double checkIntervalSeconds = seconds(MemoryGovernorConfig.DEFAULT_CHECK_INTERVAL);
    private double gcTriggerPercent = MemoryGovernorConfig.DEFAULT_GC_TRIGGER_PERCENT;
    private double minGcIntervalSeconds = seconds(MemoryGovernorConfig.DEFAULT_MIN_GC_INTERVAL);
    private double warningMaxFps = MemoryGovernorConfig.DEFAULT_WARNING_MAX_FPS;
    private double criticalMaxFps = MemoryGovernorConfig.DEFAULT_CRITICAL_MAX_FPS;
    private double emergencyMaxFps = MemoryGovernorConfig.DEFAULT_EMERGENCY_MAX_FPS;
    private double emergencyMinIntervalSeconds = seconds(MemoryGovernorConfig.DEFAULT_EMERGENCY_MIN_INTERVAL);

    /**
     * Binds the {@code edgevideo.memory.*} properties of the context and validates them. Each key is resolved
     * through the properties component, so system properties and environment variables override the file as
     * for every other key.
     *
     * @throws IllegalArgumentException naming the key and value when one does not convert (Camel's binding error
     *                                  as the cause), or the key and range when one is out of range
     */
    public static MemoryGovernorConfig bind(CamelContext camelContext) {
        PropertiesComponent properties = camelContext.getPropertiesComponent();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty())
                    .ifPresent(value -> values.put(key, value));
        }
        MemoryGovernorProperties bound = new MemoryGovernorProperties();
        try {
            PropertyBindingSupport.build().withCamelContext(camelContext).withTarget(bound)
                    .withOptionPrefix(MemoryGovernorConfig.PREFIX).withProperties(values)
                    .withRemoveParameters(false).withMandatory(true).bind();
        } catch (PropertyBindingException e) {
            // The option name is the key's tail as written (dashed), whatever the setter's name.
            String key = MemoryGovernorConfig.PREFIX + StringHelper.camelCaseToDash(e.getPropertyName());
            throw new IllegalArgumentException(key + " = '" + e.getValue() + "' is not valid: expected "
                                               + expected(key), e);
        }
        return bound.toConfig();
    }

    private static String expected(String key) {
        return switch (key) {
            case MemoryGovernorConfig.KEY_ENABLED -> "a boolean (true or false)";
            case MemoryGovernorConfig.KEY_MAX_MEMORY_MB -> "a whole number";
            default -> "a decimal number";
        };
    }

    /** The validated settings. */
    public MemoryGovernorConfig toConfig() {
        if (maxMemoryMb != Math.rint(maxMemoryMb)) {
            throw new IllegalArgumentException(MemoryGovernorConfig.KEY_MAX_MEMORY_MB + " = '" + maxMemoryMb
                                               + "' is not valid: expected a whole number");
        }
        return MemoryGovernorConfig.custom().enabled(enabled).maxMemoryMb((long) maxMemoryMb)
                .warningPercent(warningPercent).criticalPercent(criticalPercent).emergencyPercent(emergencyPercent)
                .hysteresisPercent(hysteresisPercent).checkInterval(duration(checkIntervalSeconds))
                .gcTriggerPercent(gcTriggerPercent).minGcInterval(duration(minGcIntervalSeconds))
                .warningMaxFps(warningMaxFps).criticalMaxFps(criticalMaxFps).emergencyMaxFps(emergencyMaxFps)
                .emergencyMinInterval(duration(emergencyMinIntervalSeconds)).build();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getMaxMemoryMb() {
        return maxMemoryMb;
    }

    public void setMaxMemoryMb(double maxMemoryMb) {
        this.maxMemoryMb = maxMemoryMb;
    }

    public double getWarningPercent() {
        return warningPercent;
    }

    public void setWarningPercent(double warningPercent) {
        this.warningPercent = warningPercent;
    }

    public double getCriticalPercent() {
        return criticalPercent;
    }

    public void setCriticalPercent(double criticalPercent) {
        this.criticalPercent = criticalPercent;
    }

    public double getEmergencyPercent() {
        return emergencyPercent;
    }

    public void setEmergencyPercent(double emergencyPercent) {
        this.emergencyPercent = emergencyPercent;
    }

    public double getHysteresisPercent() {
        return hysteresisPercent;
    }

    public void setHysteresisPercent(double hysteresisPercent) {
        this.hysteresisPercent = hysteresisPercent;
    }

    public double getCheckIntervalSeconds() {
        return checkIntervalSeconds;
    }

    public void setCheckIntervalSeconds(double checkIntervalSeconds) {
        this.checkIntervalSeconds = checkIntervalSeconds;
    }

    public double getGcTriggerPercent() {
        return gcTriggerPercent;
    }

    public void setGcTriggerPercent(double gcTriggerPercent) {
        this.gcTriggerPercent = gcTriggerPercent;
    }

    public double getMinGcIntervalSeconds() {
        return minGcIntervalSeconds;
    }

    public void setMinGcIntervalSeconds(double minGcIntervalSeconds) {
        this.minGcIntervalSeconds = minGcIntervalSeconds;
    }

    public double getWarningMaxFps() {
        return warningMaxFps;
    }

    public void setWarningMaxFps(double warningMaxFps) {
        this.warningMaxFps = warningMaxFps;
    }

    public double getCriticalMaxFps() {
        return criticalMaxFps;
    }

    public void setCriticalMaxFps(double criticalMaxFps) {
        this.criticalMaxFps = criticalMaxFps;
    }

    public double getEmergencyMaxFps() {
        return emergencyMaxFps;
    }

    public void setEmergencyMaxFps(double emergencyMaxFps) {
        this.emergencyMaxFps = emergencyMaxFps;
    }

    public double getEmergencyMinIntervalSeconds() {
        return emergencyMinIntervalSeconds;
    }

    public void setEmergencyMinIntervalSeconds(double emergencyMinIntervalSeconds) {
        this.emergencyMinIntervalSeconds = emergencyMinIntervalSeconds;
    }
}
