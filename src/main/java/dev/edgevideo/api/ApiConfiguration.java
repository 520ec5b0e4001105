package dev.edgevideo.api;

import dev.edgevideo.status.StatusService;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Binds the {@value CamerasApi#BEAN} bean the REST routes call. */
public class ApiConfiguration implements CamelConfiguration {

    @BindToRegistry(CamerasApi.BEAN)
    public CamerasApi camerasApi(StatusService edgeVideoStatus) {
        return new CamerasApi(edgeVideoStatus);
    }
}
