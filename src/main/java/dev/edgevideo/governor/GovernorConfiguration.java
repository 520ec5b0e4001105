package dev.edgevideo.governor;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Builds the {@code memoryGovernor} bean from the {@code edgevideo.memory.*} properties (an invalid value stops
 * start-up with a message naming the key and the allowed range), starts and stops it with Camel (as a service
 * that is also its JMX MBean), and the {@code memoryApi} bean the
 * HTTP routes call.
 * <p>
 * Memory is read with the service's {@link OshiSystemProbe} (bound as {@value OshiSystemProbe#BEAN}, also read
 * by the status service), unless a {@link MemoryProbe} is bound as {@code memoryProbe} (a test, or another
 * source of readings such as a cgroup).
 */
public class GovernorConfiguration implements CamelConfiguration {

    /** Name of an optional {@link MemoryProbe} bean replacing the OSHI probe. */
    public static final String PROBE_BEAN = "memoryProbe";

    @BindToRegistry("memoryGovernor")
    public MemoryGovernor memoryGovernor(CamelContext camelContext) throws Exception {
        MemoryGovernorSettings settings = new Settings(camelContext).bind(MemoryGovernorSettings.PREFIX,
                new MemoryGovernorSettings());
        // The one OSHI reader of the service, bound here so the status service reads the same one.
        OshiSystemProbe systemProbe = new OshiSystemProbe();
        camelContext.getRegistry().bind(OshiSystemProbe.BEAN, systemProbe);
        MemoryProbe probe = camelContext.getRegistry().lookupByNameAndType(PROBE_BEAN, MemoryProbe.class);
        MemoryGovernor governor = new MemoryGovernor(settings, probe != null ? probe : systemProbe);
        camelContext.addService(new ManagedMemoryGovernor(governor), true, false);
        return governor;
    }

    @BindToRegistry("memoryApi")
    public MemoryApi memoryApi(CamelContext camelContext, MemoryGovernor memoryGovernor) {
        return new MemoryApi(memoryGovernor, camelContext.getComponent("camera", CameraComponent.class).getRegistry());
    }
}
