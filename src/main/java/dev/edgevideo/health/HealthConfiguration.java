package dev.edgevideo.health;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Registers the sink and readiness checks with Camel's health check registry, and keeps Camel's per-route and
 * per-consumer checks out of the probes ({@link ReportOnlyRepository}): readiness is the service's own decision.
 */
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
        // camel-main registers its routes and consumers repositories while it configures the context: replace
        // them once it has started.
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> ReportOnlyRepository.install(context));
        } catch (Exception e) {
            throw new IllegalStateException("cannot keep Camel's route checks out of readiness", e);
        }
    }
}
