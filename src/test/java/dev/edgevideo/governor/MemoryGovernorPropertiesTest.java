package dev.edgevideo.governor;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.PropertyBindingException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The {@code edgevideo.memory.*} keys bound by Camel's property binding from a context's properties. */
class MemoryGovernorPropertiesTest {

    private static MemoryGovernorConfig bind(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setInitialProperties(properties);
        return MemoryGovernorProperties.bind(context);
    }

    @Test
    void bindsEveryKey() {
        MemoryGovernorConfig config = bind(Map.ofEntries(
                Map.entry("edgevideo.memory.enabled", "false"),
                Map.entry("edgevideo.memory.max-memory-mb", "2048"),
                Map.entry("edgevideo.memory.warning-percent", "50"),
                Map.entry("edgevideo.memory.critical-percent", "65.5"),
                Map.entry("edgevideo.memory.emergency-percent", "80"),
                Map.entry("edgevideo.memory.hysteresis-percent", "2"),
                Map.entry("edgevideo.memory.check-interval-seconds", "0.5"),
                Map.entry("edgevideo.memory.gc-trigger-percent", "60"),
                Map.entry("edgevideo.memory.min-gc-interval-seconds", "10"),
                Map.entry("edgevideo.memory.warning-max-fps", "5"),
                Map.entry("edgevideo.memory.critical-max-fps", "1"),
                Map.entry("edgevideo.memory.emergency-max-fps", "0.2"),
                Map.entry("edgevideo.memory.emergency-min-interval-seconds", " 3 ")));

        assertThat(config.isEnabled()).isFalse();
        assertThat(config.getMaxMemoryMb()).isEqualTo(2048);
        assertThat(config.getWarningPercent()).isEqualTo(50);
        assertThat(config.getCriticalPercent()).isEqualTo(65.5);
        assertThat(config.getEmergencyPercent()).isEqualTo(80);
        assertThat(config.getHysteresisPercent()).isEqualTo(2);
        assertThat(config.getCheckInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.getGcTriggerPercent()).isEqualTo(60);
        assertThat(config.getMinGcInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.getWarningMaxFps()).isEqualTo(5);
        assertThat(config.getCriticalMaxFps()).isEqualTo(1);
        assertThat(config.getEmergencyMaxFps()).isEqualTo(0.2);
        assertThat(config.getEmergencyMinInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void missingOrBlankKeysKeepTheDefaults() {
        assertThat(bind(Map.of("edgevideo.memory.warning-percent", "  ")))
                .hasToString(MemoryGovernorConfig.ofDefaults().toString());
    }

    @Test
    void valueOfTheWrongTypeIsCamelsBindingErrorNamingKeyValueAndType() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.warning-percent", "sixty")))
                .withMessage("edgevideo.memory.warning-percent = 'sixty' is not valid: expected a decimal number")
                .withCauseInstanceOf(PropertyBindingException.class);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.max-memory-mb", "1.5G")))
                .withMessage("edgevideo.memory.max-memory-mb = '1.5G' is not valid: expected a whole number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.max-memory-mb", "1.5")))
                .withMessage("edgevideo.memory.max-memory-mb = '1.5' is not valid: expected a whole number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.check-interval-seconds", "2s")))
                .withMessage("edgevideo.memory.check-interval-seconds = '2s' is not valid: expected a decimal number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.enabled", "yes")))
                .withMessage("edgevideo.memory.enabled = 'yes' is not valid: expected a boolean (true or false)");
    }

    @Test
    void outOfRangeValueNamesKeyAndRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> bind(Map.of("edgevideo.memory.critical-percent", "120")))
                .withMessage("edgevideo.memory.critical-percent must be in (0, 100] but was 120.0");
    }
}
