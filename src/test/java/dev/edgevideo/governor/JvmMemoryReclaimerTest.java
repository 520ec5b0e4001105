package dev.edgevideo.governor;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmMemoryReclaimerTest {

    @Test
    void defaultGovernorCollectsAndReleasesNativeMemoryWithRealReadings() throws Exception {
        ExecutorService reclaimThread = Executors.newSingleThreadExecutor();
        MemoryGovernor governor = new MemoryGovernor(new MemoryGovernorSettings(), new OshiSystemProbe(),
                new JvmMemoryReclaimer(), reclaimThread, Clock.systemUTC());

        ReclaimResult result = governor.optimize(false).get(60, TimeUnit.SECONDS);

        assertThat(result.nativeReleased()).isTrue();
        assertThat(result.before().processRssBytes()).isPositive();
        assertThat(result.after().processRssBytes()).isPositive();
        assertThat(governor.gcCount()).isEqualTo(1);
        reclaimThread.shutdownNow();
    }
}
