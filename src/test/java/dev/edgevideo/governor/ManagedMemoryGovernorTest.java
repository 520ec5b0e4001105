package dev.edgevideo.governor;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ManagedMemoryGovernorTest {

    private final FakeProbe probe = new FakeProbe(650, 16_000, 1_000);
    private final RecordingReclaimer reclaimer = new RecordingReclaimer();
    private final MemoryGovernor governor = new MemoryGovernor(
            GovernorTestSettings.limit1000Mb(s -> s.setCheckIntervalSeconds(0.02)), probe,
            reclaimer, null, new MutableClock());
    private final CamelContext context = new DefaultCamelContext();
    private final ManagedMemoryGovernor managed = new ManagedMemoryGovernor(context, governor);
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    @BeforeEach
    void startCamel() throws Exception {
        context.getCamelContextExtension().setName("governor-jmx-test");
        context.addService(managed);
        context.start();
        Set<ObjectName> names = server.queryNames(
                new ObjectName("org.apache.camel:context=governor-jmx-test,type=services,name=ManagedMemoryGovernor"),
                null);
        assertThat(names).hasSize(1);
        name = names.iterator().next();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void startsWithTheCamelContextTakingAFirstSampleAndStopsWithIt() {
        assertThat(managed.isStarted()).isTrue();
        assertThat(governor.level()).as("sampled before start returned").isEqualTo(MemoryLevel.WARNING);

        context.stop();

        assertThat(managed.isStopped()).isTrue();
        assertThat(governor.forceGc()).as("no reclaim thread once stopped").isCompletedExceptionally();
    }

    @Test
    void samplesOnACamelThreadAndGoesOnAfterProbeFailures() {
        probe.failWith(new IllegalStateException("OSHI hiccup"));
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.failures() > 2);

        probe.process(800);

        await().atMost(Duration.ofSeconds(30)).until(() -> governor.level() == MemoryLevel.CRITICAL);
    }

    @Test
    void reclaimsRunOnTheNamedCamelThreadNotTheCaller() throws Exception {
        governor.forceGc().get(30, TimeUnit.SECONDS);

        assertThat(reclaimer.threads).isNotEmpty().allSatisfy(thread -> assertThat(thread.getName())
                .contains("MemoryGovernorReclaim").isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void levelUsageAndLimitAreReadable() throws Exception {
        assertThat(server.getAttribute(name, "Level")).isEqualTo("WARNING");
        assertThat(server.getAttribute(name, "LevelCode")).isEqualTo(1);
        assertThat(server.getAttribute(name, "UsagePercent")).isEqualTo(65.0);
        assertThat(server.getAttribute(name, "LimitMb")).isEqualTo(1000L);
        assertThat(server.getAttribute(name, "Signal")).isEqualTo("PROCESS");
        assertThat(server.getAttribute(name, "Paused")).isEqualTo(false);
        assertThat((String) server.getAttribute(name, "Configuration"))
                .contains("edgevideo.memory.max-memory-mb=1000", "edgevideo.memory.warning-max-fps=10.0");
    }

    @Test
    void thresholdsAndCapsAreWritable() throws Exception {
        server.setAttribute(name, new Attribute("WarningPercent", 50.0));
        server.setAttribute(name, new Attribute("WarningMaxFps", 5.0));
        server.setAttribute(name, new Attribute("MaxMemoryMb", 2000L));

        assertThat(server.getAttribute(name, "WarningPercent")).isEqualTo(50.0);
        assertThat(governor.settings().getWarningMaxFps()).isEqualTo(5.0);
        assertThat(governor.settings().getMaxMemoryMb()).isEqualTo(2000L);
    }

    @Test
    void invalidWriteIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> server.setAttribute(name, new Attribute("CriticalPercent", 150.0)))
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("edgevideo.memory.critical-percent = '150' is not valid: expected a percentage"
                                        + " above 0, at most 100;");
        assertThat(governor.settings().getCriticalPercent()).isEqualTo(75.0);
    }

    @Test
    void forceGcOperationReportsTheFigures() throws Exception {
        Object result = server.invoke(name, "forceGc", null, null);

        assertThat((String) result).startsWith("GC took ").contains("process 650 MB -> 650 MB");
        assertThat(server.getAttribute(name, "ForcedGcCount")).isEqualTo(1L);
        assertThat(reclaimer.collections).hasValue(1);
    }
}
