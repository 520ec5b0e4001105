package dev.edgevideo.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;

/**
 * The one Micrometer registry edge-video's meters share with Camel's own metrics ({@code camel.metrics.*}):
 * camel-micrometer's {@code metricsRegistry}, scraped at {@code :9090/metrics}.
 */
public final class MetricsConfiguration {

    /** The registry's name in the Camel registry: camel-micrometer's {@code metricsRegistry}. */
    public static final String REGISTRY = "metricsRegistry";

    private MetricsConfiguration() {
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
