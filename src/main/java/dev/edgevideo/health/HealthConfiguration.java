package dev.edgevideo.health;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/** Registers the sink and readiness checks with Camel's health check registry. */
public class HealthConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
        if (registry == null) {
            return;
        }
        SinkOutcomes outcomes = camelContext.getRegistry().lookupByNameAndType("sinkOutcomes", SinkOutcomes.class);
        for (Sink sink : Sink.values()) {
            registry.register(new SinkHealthCheck(sink, outcomes));
        }
        registry.register(new ReadinessHealthCheck(
                camelContext.getRegistry().lookupByNameAndType(StatusService.BEAN, StatusService.class)));
    }
}
