package dev.edgevideo.health;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Registers the sink and readiness checks with Camel's health check registry, and keeps Camel's per-route and
 * per-consumer checks out of the probes ({@link ReportOnlyRepository}): readiness is the service's own decision.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    public static void install(CamelContext camelContext, SinkOutcomes outcomes, StatusService status)
            throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
        if (registry == null) {
            return;
        }
        for (Sink sink : Sink.values()) {
            registry.register(new SinkHealthCheck(sink, outcomes));
        }
        registry.register(new ReadinessHealthCheck(status));
        // camel-main registers its routes and consumers repositories while it configures the context: replace
        // them once it has started.
        camelContext.addStartupListener((context, alreadyStarted) -> ReportOnlyRepository.install(context));
    }
}
