package dev.edgevideo.metrics;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.cluster.ClusterConfiguration;
import dev.edgevideo.governor.GovernorMetrics;
import dev.edgevideo.governor.MemoryGovernor;
import dev.edgevideo.sink.RedisStreamLengths;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.status.StatusService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds edge-video's meters to the one Micrometer registry they share with Camel's own metrics
 * ({@code camel.metrics.*}): camel-micrometer's {@code metricsRegistry}, scraped at {@code :9090/metrics}.
 */
public class MetricsConfiguration implements CamelConfiguration {

    /** The registry's name in the Camel registry: camel-micrometer's {@code metricsRegistry}. */
    public static final String REGISTRY = "metricsRegistry";

    @Override
    public void configure(CamelContext camelContext) {
        MeterRegistry registry = registry(camelContext);
        CameraComponent cameras = camelContext.getComponent("camera", CameraComponent.class);
        SinkOutcomes sinkOutcomes = camelContext.getRegistry().lookupByNameAndType("sinkOutcomes", SinkOutcomes.class);
        cameras.getRegistry().addListener(new CameraMeters(registry, sinkOutcomes));
        new GovernorMetrics(camelContext.getRegistry().lookupByNameAndType("memoryGovernor", MemoryGovernor.class))
                .bindTo(registry);
        MeterBinder cluster = camelContext.getRegistry().lookupByNameAndType(ClusterConfiguration.METRICS_BEAN,
                MeterBinder.class);
        if (cluster != null) {
            cluster.bindTo(registry);
        }
        MeterBinder streams = camelContext.getRegistry().lookupByNameAndType(RedisStreamLengths.BEAN,
                MeterBinder.class);
        if (streams != null) {
            streams.bindTo(registry);
        }
        new SystemMetrics(camelContext.getRegistry().lookupByNameAndType(StatusService.BEAN, StatusService.class))
                .bindTo(registry);
    }

    /**
     * Camel's Prometheus registry; when Camel has not created it (yet, or metrics are disabled) one is created and
     * bound under its name, which camel-micrometer then adopts.
     */
    public static synchronized MeterRegistry registry(CamelContext camelContext) {
        MeterRegistry registry = camelContext.getRegistry().lookupByNameAndType(REGISTRY, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            camelContext.getRegistry().bind(REGISTRY, registry);
        }
        return registry;
    }
}
