package dev.edgevideo.governor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OshiSystemProbeTest {

    private final OshiSystemProbe probe = new OshiSystemProbe();

    @Test
    void readsPlausibleMemoryFiguresForThisProcessAndSystem() {
        MemorySnapshot snapshot = probe.sample();

        assertThat(snapshot.systemTotalBytes()).isPositive();
        assertThat(snapshot.systemUsedBytes()).isPositive().isLessThanOrEqualTo(snapshot.systemTotalBytes());
        assertThat(snapshot.processRssBytes()).isPositive().isLessThanOrEqualTo(snapshot.systemTotalBytes());
        assertThat(snapshot.nativePhysicalBytes()).isPositive();
        assertThat(snapshot.heapUsedBytes()).isPositive();
        assertThat(snapshot.nativeTrackedBytes()).isNotNegative();
        assertThat(snapshot.systemUsedPercent()).isBetween(0d, 100d);
    }

    @Test
    void processReadingAddsCpuAndThreadsBetweenItsOwnCalls() {
        SystemSnapshot first = probe.sampleProcess();
        probe.sample();
        SystemSnapshot second = probe.sampleProcess();

        assertThat(first.cpuPercent()).as("average since start").isPositive();
        assertThat(second.cpuPercent()).isNotNegative();
        assertThat(second.threads()).isPositive();
        assertThat(second.rssBytes()).isPositive();
    }
}
