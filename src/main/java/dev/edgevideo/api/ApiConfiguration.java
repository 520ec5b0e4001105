package dev.edgevideo.api;

import java.util.HashMap;
import java.util.Map;

import dev.edgevideo.status.StatusService;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestConfiguration;

/**
 * Binds the {@value CamerasApi#BEAN} bean the REST routes call, and gives the whole HTTP API one JSON casing:
 * snake_case, the casing of the frame metadata, the events and the memory API, set once on the REST binding's
 * Jackson data format.
 */
public class ApiConfiguration implements CamelConfiguration {

    @BindToRegistry(CamerasApi.BEAN)
    public CamerasApi camerasApi(StatusService edgeVideoStatus) {
        return new CamerasApi(edgeVideoStatus);
    }

    @Override
    public void configure(CamelContext camelContext) {
        RestConfiguration rest = camelContext.getRestConfiguration();
        Map<String, Object> properties = new HashMap<>();
        if (rest.getDataFormatProperties() != null) {
            properties.putAll(rest.getDataFormatProperties());
        }
        properties.put("namingStrategy", "SNAKE_CASE");
        rest.setDataFormatProperties(properties);
    }
}
