package dev.edgevideo.governor;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmMemoryReclaimerTest {

    @Test
    void defaultGovernorCollectsAndReleasesNativeMemoryWithRealReadings() throws Exception {
        MemoryGovernor governor = new MemoryGovernor(MemoryGovernorConfig.ofDefaults());

        ReclaimResult result = governor.optimize(false).get(60, TimeUnit.SECONDS);

        assertThat(result.nativeReleased()).isTrue();
        assertThat(result.before().processRssBytes()).isPositive();
        assertThat(result.after().processRssBytes()).isPositive();
        assertThat(governor.gcCount()).isEqualTo(1);
    }
}
