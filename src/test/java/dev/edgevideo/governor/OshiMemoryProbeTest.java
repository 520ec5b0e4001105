package dev.edgevideo.governor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OshiMemoryProbeTest {

    @Test
    void readsPlausibleFiguresForThisProcessAndSystem() {
        MemorySnapshot snapshot = new OshiMemoryProbe().sample();

        assertThat(snapshot.systemTotalBytes()).isPositive();
        assertThat(snapshot.systemUsedBytes()).isPositive().isLessThanOrEqualTo(snapshot.systemTotalBytes());
        assertThat(snapshot.processRssBytes()).isPositive().isLessThanOrEqualTo(snapshot.systemTotalBytes());
        assertThat(snapshot.nativePhysicalBytes()).isPositive();
        assertThat(snapshot.heapUsedBytes()).isPositive();
        assertThat(snapshot.nativeTrackedBytes()).isNotNegative();
        assertThat(snapshot.systemUsedPercent()).isBetween(0d, 100d);
    }
}
