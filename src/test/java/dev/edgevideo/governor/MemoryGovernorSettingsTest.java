package dev.edgevideo.governor;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryGovernorSettingsTest {

    private static final String FIX = "; fix it in application.properties (or the environment variable ";

    private static MemoryGovernorSettings bind(Properties properties) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context).bind(MemoryGovernorSettings.PREFIX, new MemoryGovernorSettings());
    }

    private static MemoryGovernorSettings bind(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        return bind(properties);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(Consumer<MemoryGovernorSettings> change) {
        MemoryGovernorSettings settings = new MemoryGovernorSettings();
        change.accept(settings);
        return assertThatThrownBy(settings::validated).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void keysAndDefaultsAreTheShippedOnes() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/dev/edgevideo/defaults/application.properties")) {
            shipped.load(in);
        }

        assertThat(Settings.keys(MemoryGovernorSettings.PREFIX, MemoryGovernorSettings.class).keySet())
                .containsExactlyInAnyOrderElementsOf(shipped.stringPropertyNames().stream()
                        .filter(key -> key.startsWith(MemoryGovernorSettings.PREFIX)).toList());
        assertThat(bind(shipped)).hasToString(new MemoryGovernorSettings().toString());
    }

    @Test
    void defaultsMatchTheMemoryControlSpecification() {
        MemoryGovernorSettings settings = new MemoryGovernorSettings().validated();

        assertThat(settings.isEnabled()).isTrue();
        assertThat(settings.isAutoLimit()).isTrue();
        assertThat(settings.getWarningPercent()).isEqualTo(60);
        assertThat(settings.getCriticalPercent()).isEqualTo(75);
        assertThat(settings.getEmergencyPercent()).isEqualTo(85);
        assertThat(settings.getHysteresisPercent()).isEqualTo(5);
        assertThat(settings.checkInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.getGcTriggerPercent()).isEqualTo(70);
        assertThat(settings.minGcInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.getWarningMaxFps()).isEqualTo(10);
        assertThat(settings.getCriticalMaxFps()).isEqualTo(2);
        assertThat(settings.getEmergencyMaxFps()).isEqualTo(0.5);
        assertThat(settings.emergencyMinInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void autoLimitIsThreeQuartersOfSystemRam() {
        long fourGb = 4L * 1024 * 1024 * 1024;

        assertThat(new MemoryGovernorSettings().limitBytes(fourGb)).isEqualTo(3L * 1024 * 1024 * 1024);
        MemoryGovernorSettings set = new MemoryGovernorSettings();
        set.setMaxMemoryMb(2048);
        assertThat(set.limitBytes(fourGb)).isEqualTo(2048L * 1024 * 1024);
    }

    @Test
    void capsAndThresholdsArePerLevel() {
        MemoryGovernorSettings settings = new MemoryGovernorSettings();

        assertThat(settings.maxFps(MemoryLevel.NORMAL)).isInfinite();
        assertThat(settings.maxFps(MemoryLevel.WARNING)).isEqualTo(10);
        assertThat(settings.maxFps(MemoryLevel.CRITICAL)).isEqualTo(2);
        assertThat(settings.maxFps(MemoryLevel.EMERGENCY)).isEqualTo(0.5);
        assertThat(settings.threshold(MemoryLevel.NORMAL)).isZero();
        assertThat(settings.threshold(MemoryLevel.EMERGENCY)).isEqualTo(85);
    }

    @Test
    void decimalSecondsAndBlankKeysBind() {
        MemoryGovernorSettings settings = bind(Map.of("edgevideo.memory.check-interval-seconds", "0.5",
                "edgevideo.memory.warning-percent", "  "));

        assertThat(settings.checkInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.getWarningPercent()).isEqualTo(60);
    }

    @Test
    void valueOfTheWrongTypeNamesKeyValueAndType() {
        assertThatThrownBy(() -> bind(Map.of("edgevideo.memory.max-memory-mb", "1.5G")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.memory.max-memory-mb = '1.5G' is not valid: expected a whole number" + FIX
                            + "EDGEVIDEO_MEMORY_MAX_MEMORY_MB)");
        assertThatThrownBy(() -> bind(Map.of("edgevideo.memory.max-memory-mb", "1.5")))
                .hasMessageStartingWith("edgevideo.memory.max-memory-mb = '1.5' is not valid: expected a whole number");
        assertThatThrownBy(() -> bind(Map.of("edgevideo.memory.check-interval-seconds", "2s")))
                .hasMessageStartingWith("edgevideo.memory.check-interval-seconds = '2s' is not valid: expected a"
                                        + " decimal number");
        assertThatThrownBy(() -> bind(Map.of("edgevideo.memory.enabled", "yes")))
                .hasMessageStartingWith("edgevideo.memory.enabled = 'yes' is not valid: expected true or false");
    }

    @Test
    void percentOutOfRangeNamesKeyAndRange() {
        refused(s -> s.setWarningPercent(0)).hasMessage("edgevideo.memory.warning-percent = '0' is not valid:"
                + " expected a percentage above 0, at most 100" + FIX + "EDGEVIDEO_MEMORY_WARNING_PERCENT)");
        refused(s -> s.setEmergencyPercent(101)).hasMessageStartingWith(
                "edgevideo.memory.emergency-percent = '101' is not valid: expected a percentage above 0, at most 100;");
        refused(s -> s.setGcTriggerPercent(Double.NaN)).hasMessageStartingWith(
                "edgevideo.memory.gc-trigger-percent = 'NaN' is not valid");
    }

    @Test
    void thresholdsOutOfOrderNameBothKeys() {
        refused(s -> s.setWarningPercent(80)).hasMessageStartingWith("edgevideo.memory.warning-percent = '80' is not"
                + " valid: expected below edgevideo.memory.critical-percent = 75;");
        refused(s -> s.setCriticalPercent(85)).hasMessageStartingWith("edgevideo.memory.critical-percent = '85' is"
                + " not valid: expected below edgevideo.memory.emergency-percent = 85;");
    }

    @Test
    void hysteresisMustStayBelowWarningThreshold() {
        refused(s -> s.setHysteresisPercent(60)).hasMessageStartingWith("edgevideo.memory.hysteresis-percent = '60'"
                + " is not valid: expected 0 or more, below edgevideo.memory.warning-percent = 60;");
        refused(s -> s.setHysteresisPercent(-1)).hasMessageStartingWith("edgevideo.memory.hysteresis-percent = '-1'");
    }

    @Test
    void capsMustBePositiveAndNotGrowWithSeverity() {
        refused(s -> s.setEmergencyMaxFps(0)).hasMessageStartingWith("edgevideo.memory.emergency-max-fps = '0' is not"
                + " valid: expected a number above 0;");
        refused(s -> s.setWarningMaxFps(Double.POSITIVE_INFINITY)).hasMessageStartingWith(
                "edgevideo.memory.warning-max-fps = 'Infinity' is not valid");
        refused(s -> s.setCriticalMaxFps(20)).hasMessageStartingWith("edgevideo.memory.critical-max-fps = '20' is not"
                + " valid: expected at most edgevideo.memory.warning-max-fps = 10;");
    }

    @Test
    void intervalsMustBePositive() {
        refused(s -> s.setCheckIntervalSeconds(0)).hasMessageStartingWith("edgevideo.memory.check-interval-seconds"
                + " = '0' is not valid: expected a number above 0;");
        refused(s -> s.setMinGcIntervalSeconds(-1)).hasMessageStartingWith(
                "edgevideo.memory.min-gc-interval-seconds = '-1'");
        refused(s -> s.setEmergencyMinIntervalSeconds(0)).hasMessageStartingWith(
                "edgevideo.memory.emergency-min-interval-seconds = '0'");
    }

    @Test
    void negativeMaxMemoryNamesKeyAndAutoMeaning() {
        refused(s -> s.setMaxMemoryMb(-1)).hasMessage("edgevideo.memory.max-memory-mb = '-1' is not valid: expected"
                + " a number of MB, or 0 for 75 % of the system's RAM" + FIX + "EDGEVIDEO_MEMORY_MAX_MEMORY_MB)");
    }

    @Test
    void validatedIsACopyLaterChangesDoNotReach() {
        MemoryGovernorSettings settings = new MemoryGovernorSettings();
        MemoryGovernorSettings validated = settings.validated();

        settings.setWarningMaxFps(3);

        assertThat(validated.getWarningMaxFps()).isEqualTo(10);
        assertThat(validated).hasToString(new MemoryGovernorSettings().toString());
    }
}
