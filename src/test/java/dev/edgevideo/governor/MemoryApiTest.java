package dev.edgevideo.governor;

import java.util.Map;
import java.util.function.Consumer;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/memory/health} follows the governor: its level and the thresholds and caps configured. */
class MemoryApiTest {

    private final FakeProbe probe = new FakeProbe(100, 16_000, 1_000);

    private Map<String, Object> healthAt(long processMb, Consumer<MemoryGovernorSettings> settings) {
        MemoryGovernor governor = new MemoryGovernor(GovernorTestSettings.limit1000Mb(settings), probe,
                new RecordingReclaimer(), Runnable::run, new MutableClock());
        probe.process(processMb);
        governor.sampleNow();
        return new MemoryApi(governor, new CameraComponent().getRegistry()).health();
    }

    @Test
    void warningLevelIsReportedAsWarningWithItsCap() {
        Map<String, Object> health = healthAt(650, s -> { });

        assertThat(health).containsEntry("status", "warning").containsEntry("level", "WARNING");
        assertThat((String) health.get("recommendation")).contains("capped at 10 fps").contains("below 55 %")
                .doesNotContain("No action needed");
    }

    @Test
    void statusFollowsTheConfiguredThresholdsNotFixedBands() {
        assertThat(healthAt(550, s -> {
            s.setWarningPercent(50);
            s.setWarningMaxFps(4);
        }))
                .containsEntry("status", "warning")
                .hasEntrySatisfying("recommendation", r -> assertThat((String) r).contains("capped at 4 fps"));
        assertThat(healthAt(550, s -> { }))
                .containsEntry("status", "ok")
                .containsEntry("recommendation",
                        "No action needed: usage below 60 % (edgevideo.memory.warning-percent).");
    }

    @Test
    void eachLevelHasItsOwnStatus() {
        assertThat(healthAt(100, s -> { })).containsEntry("status", "ok");
        assertThat(healthAt(760, s -> { })).containsEntry("status", "critical");
        assertThat(healthAt(900, s -> { })).containsEntry("status", "emergency")
                .containsEntry("paused", true)
                .hasEntrySatisfying("recommendation", r -> assertThat((String) r).contains("paused at 0.5 fps"));
    }

    @Test
    void disabledGovernorSaysSoInsteadOfAdvisingItsCaps() {
        assertThat(healthAt(900, s -> s.setEnabled(false)))
                .hasEntrySatisfying("recommendation", r -> assertThat((String) r).startsWith(
                        "Memory governor disabled (edgevideo.memory.enabled=false)"));
    }
}
