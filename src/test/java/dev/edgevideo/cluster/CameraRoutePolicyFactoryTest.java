package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class CameraRoutePolicyFactoryTest {

    @Test
    void aCameraRouteWaitsForItsClaimUnderItsEndpointsCameraIdAndOtherRoutesRunAsUsual() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            CameraOwnership ownership = new CameraOwnership(context, FakeClusterService.settings("me"),
                    new FakeClusterService("me"), new OwnerDirectory(cameraId -> Optional.empty(), Clock.systemUTC()),
                    Clock.systemUTC());
            context.addRoutePolicyFactory(new CameraRoutePolicyFactory(ownership));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("camera://entrance?url=rtsp://127.0.0.1:1/none&fps=2").routeId("entrance-route").log("frame");
                    from("direct:api").routeId("api").log("request");
                }
            });
            context.start();

            assertThat(ownership.cameraIds()).containsExactly("entrance");
            assertThat(context.getRouteController().getRouteStatus("entrance-route")).isEqualTo(ServiceStatus.Stopped);
            assertThat(context.getRouteController().getRouteStatus("api")).isEqualTo(ServiceStatus.Started);
        }
    }
}
