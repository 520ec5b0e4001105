package dev.edgevideo.status;

import java.time.Duration;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.governor.MemoryGovernor;
import dev.edgevideo.governor.OshiSystemProbe;
import dev.edgevideo.sink.SinkOutcomes;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Binds the {@value StatusService#BEAN} bean and starts it with Camel. */
public class StatusConfiguration implements CamelConfiguration {

    @BindToRegistry(StatusService.BEAN)
    public StatusService statusService(CamelContext camelContext, MemoryGovernor memoryGovernor,
            OshiSystemProbe systemProbe, SinkOutcomes sinkOutcomes,
            @PropertyInject(value = "edgevideo.metrics.system-interval-seconds", defaultValue = "5") int systemIntervalSeconds) throws Exception {
        CameraRegistry cameras = camelContext.getComponent("camera", CameraComponent.class).getRegistry();
        StatusService status = new StatusService(camelContext, cameras, memoryGovernor, systemProbe, sinkOutcomes,
                Duration.ofSeconds(systemIntervalSeconds));
        camelContext.addService(status, true, false);
        return status;
    }
}
