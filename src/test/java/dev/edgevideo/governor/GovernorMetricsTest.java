package dev.edgevideo.governor;

import dev.edgevideo.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GovernorMetricsTest {

    private final FakeProbe probe = new FakeProbe(100, 16_000, 1_000);
    private final MutableClock clock = new MutableClock();
    private final MemoryGovernor governor = new MemoryGovernor(
            GovernorTestSettings.limit1000Mb(s -> s.setMinGcIntervalSeconds(5)), probe,
            new RecordingReclaimer(), Runnable::run, clock);

    @Test
    void prometheusScrapeHasTheExactMetricNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new GovernorMetrics(governor).bindTo(registry);
        probe.process(900);
        governor.sampleNow();

        String scrape = registry.scrape();

        assertThat(scrape).containsPattern("(?m)^edge_video_memory_usage_percent 90\\.0$")
                .containsPattern("(?m)^edge_video_memory_alloc_mb 900\\.0$")
                .containsPattern("(?m)^edge_video_memory_level 3\\.0$")
                .containsPattern("(?m)^edge_video_memory_gc_total 1\\.0$")
                .doesNotContain("_total_total");
    }

    @Test
    void gaugesFollowTheGovernor() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GovernorMetrics(governor).bindTo(registry);
        probe.process(600);
        governor.sampleNow();

        assertThat(registry.get(GovernorMetrics.LEVEL).gauge().value()).isEqualTo(1);
        assertThat(registry.get(GovernorMetrics.USAGE_PERCENT).gauge().value()).isEqualTo(60);
    }

    @Test
    void allocatedMemoryIsNotANumberBeforeTheFirstSample() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GovernorMetrics(governor).bindTo(registry);

        assertThat(registry.get(GovernorMetrics.ALLOC_MB).gauge().value()).isNaN();
    }
}
