package dev.edgevideo.governor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MemoryGovernorConfigTest {

    @Test
    void defaultsMatchTheMemoryControlSpecification() {
        MemoryGovernorConfig config = MemoryGovernorConfig.ofDefaults();

        assertThat(config.isEnabled()).isTrue();
        assertThat(config.getMaxMemoryMb()).isZero();
        assertThat(config.isAutoLimit()).isTrue();
        assertThat(config.getWarningPercent()).isEqualTo(60);
        assertThat(config.getCriticalPercent()).isEqualTo(75);
        assertThat(config.getEmergencyPercent()).isEqualTo(85);
        assertThat(config.getHysteresisPercent()).isEqualTo(5);
        assertThat(config.getCheckInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.getGcTriggerPercent()).isEqualTo(70);
        assertThat(config.getMinGcInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.getWarningMaxFps()).isEqualTo(10);
        assertThat(config.getCriticalMaxFps()).isEqualTo(2);
        assertThat(config.getEmergencyMaxFps()).isEqualTo(0.5);
        assertThat(config.getEmergencyMinInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void autoLimitIsThreeQuartersOfSystemRam() {
        long fourGb = 4L * 1024 * 1024 * 1024;

        assertThat(MemoryGovernorConfig.ofDefaults().limitBytes(fourGb)).isEqualTo(3L * 1024 * 1024 * 1024);
        assertThat(MemoryGovernorConfig.custom().maxMemoryMb(2048).build().limitBytes(fourGb))
                .isEqualTo(2048L * 1024 * 1024);
    }

    @Test
    void capsAndThresholdsArePerLevel() {
        MemoryGovernorConfig config = MemoryGovernorConfig.ofDefaults();

        assertThat(config.maxFps(MemoryLevel.NORMAL)).isInfinite();
        assertThat(config.maxFps(MemoryLevel.WARNING)).isEqualTo(10);
        assertThat(config.maxFps(MemoryLevel.CRITICAL)).isEqualTo(2);
        assertThat(config.maxFps(MemoryLevel.EMERGENCY)).isEqualTo(0.5);
        assertThat(config.threshold(MemoryLevel.NORMAL)).isZero();
        assertThat(config.threshold(MemoryLevel.EMERGENCY)).isEqualTo(85);
    }

    @Test
    void toStringListsEveryField() {
        assertThat(MemoryGovernorConfig.ofDefaults().toString())
                .contains("enabled=true", "maxMemoryMb=0 (auto)", "warningPercent=60.0", "criticalPercent=75.0",
                        "emergencyPercent=85.0", "hysteresisPercent=5.0", "checkInterval=PT2S",
                        "gcTriggerPercent=70.0", "minGcInterval=PT5S", "warningMaxFps=10.0", "criticalMaxFps=2.0",
                        "emergencyMaxFps=0.5", "emergencyMinInterval=PT2S");
    }

    @Test
    void fromCopiesEverySetting() {
        MemoryGovernorConfig custom = MemoryGovernorConfig.custom().enabled(false).maxMemoryMb(512)
                .warningPercent(50).criticalPercent(65).emergencyPercent(80).hysteresisPercent(3)
                .checkInterval(Duration.ofSeconds(1)).gcTriggerPercent(55).minGcInterval(Duration.ofSeconds(9))
                .warningMaxFps(8).criticalMaxFps(1).emergencyMaxFps(0.25)
                .emergencyMinInterval(Duration.ofSeconds(4)).build();

        assertThat(MemoryGovernorConfig.from(custom).build()).hasToString(custom.toString());
    }

    @Test
    void percentOutOfRangeNamesKeyAndRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().warningPercent(0).build())
                .withMessage("edgevideo.memory.warning-percent must be in (0, 100] but was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().emergencyPercent(101).build())
                .withMessage("edgevideo.memory.emergency-percent must be in (0, 100] but was 101.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().gcTriggerPercent(Double.NaN).build())
                .withMessageStartingWith("edgevideo.memory.gc-trigger-percent must be in (0, 100]");
    }

    @Test
    void thresholdsOutOfOrderNameBothKeys() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().warningPercent(80).build())
                .withMessage("edgevideo.memory.warning-percent must be below edgevideo.memory.critical-percent"
                             + " = 75.0 but was 80.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().criticalPercent(85).build())
                .withMessage("edgevideo.memory.critical-percent must be below edgevideo.memory.emergency-percent"
                             + " = 85.0 but was 85.0");
    }

    @Test
    void hysteresisMustStayBelowWarningThreshold() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().hysteresisPercent(60).build())
                .withMessage("edgevideo.memory.hysteresis-percent must be in [0, edgevideo.memory.warning-percent"
                             + " = 60.0) but was 60.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().hysteresisPercent(-1).build())
                .withMessageStartingWith("edgevideo.memory.hysteresis-percent must be in [0, ");
    }

    @Test
    void capsMustBePositiveAndNotGrowWithSeverity() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().emergencyMaxFps(0).build())
                .withMessage("edgevideo.memory.emergency-max-fps must be a finite number > 0 but was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().criticalMaxFps(20).build())
                .withMessage("edgevideo.memory.critical-max-fps must be in (0, edgevideo.memory.warning-max-fps"
                             + " = 10.0] but was 20.0");
    }

    @Test
    void intervalsMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().checkInterval(Duration.ZERO).build())
                .withMessage("edgevideo.memory.check-interval-seconds must be > 0 but was 0.0 s");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().minGcInterval(Duration.ofSeconds(-1)).build())
                .withMessageStartingWith("edgevideo.memory.min-gc-interval-seconds must be > 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().emergencyMinInterval(null).build())
                .withMessage("edgevideo.memory.emergency-min-interval-seconds must be > 0 but was null");
    }

    @Test
    void negativeMaxMemoryNamesKeyAndAutoMeaning() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryGovernorConfig.custom().maxMemoryMb(-1).build())
                .withMessage("edgevideo.memory.max-memory-mb must be >= 0 (0 = auto, 75 % of system RAM) but was -1");
    }
}
