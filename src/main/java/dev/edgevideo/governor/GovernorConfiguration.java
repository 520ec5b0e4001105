package dev.edgevideo.governor;

import dev.edgevideo.metrics.MetricsConfiguration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Builds the {@code memoryGovernor} bean from the {@code edgevideo.memory.*} properties (an invalid value stops
 * start-up with a message naming the key and the allowed range), starts and stops it with Camel (as a service
 * that is also its JMX MBean) and binds its metrics to the shared registry.
 */
public class GovernorConfiguration implements CamelConfiguration {

    @BindToRegistry("memoryGovernor")
    public MemoryGovernor memoryGovernor(CamelContext camelContext) throws Exception {
        MemoryGovernorConfig config = MemoryGovernorConfig.fromProperties(
                key -> camelContext.getPropertiesComponent().resolveProperty(key).orElse(null));
        MemoryGovernor governor = new MemoryGovernor(config);
        camelContext.addService(new ManagedMemoryGovernor(governor), true, false);
        new GovernorMetrics(governor).bindTo(MetricsConfiguration.registry(camelContext));
        return governor;
    }
}
