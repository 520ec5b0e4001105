package dev.edgevideo.governor;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * Registers the {@code memoryGovernor} bean that the camera routes' throttle EIP and the camera component use.
 */
public class GovernorConfiguration implements CamelConfiguration {

    @BindToRegistry("memoryGovernor")
    public MemoryGovernor memoryGovernor() {
        return new MemoryGovernor(MemoryGovernorConfig.ofDefaults());
    }
}
