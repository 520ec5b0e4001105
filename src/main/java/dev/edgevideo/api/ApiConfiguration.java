package dev.edgevideo.api;

import dev.edgevideo.status.StatusService;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;

/** Binds the {@value CamerasApi#BEAN} bean the REST routes call, and the engine that serves them. */
public class ApiConfiguration implements CamelConfiguration {

    /** Found by the platform-http component under this name before it would create its own engine. */
    @BindToRegistry("platform-http-engine")
    public PlatformHttpEngine platformHttpEngine(@PropertyInject("camel.server.port") int serverPort) {
        return new MainServerHttpEngine(serverPort);
    }

    @BindToRegistry(CamerasApi.BEAN)
    public CamerasApi camerasApi(StatusService edgeVideoStatus) {
        return new CamerasApi(edgeVideoStatus);
    }
}
