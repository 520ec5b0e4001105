package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Optional;

import dev.edgevideo.testing.CapturedLogs;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route policy on a real camera route and a plain route; the ownership is never started, so nothing competes. */
class CameraRoutePolicyTest {

    private final CamelContext context = new DefaultCamelContext();
    private final CameraOwnership ownership = new CameraOwnership(context, FakeClusterService.settings("me"),
            new FakeClusterService("me"), new OwnerDirectory(cameraId -> Optional.empty(), Clock.systemUTC()),
            cameraId -> Optional.empty(), new SessionLease(System::nanoTime), Clock.systemUTC());

    @BeforeEach
    void startACameraRouteAndAnApiRoute() throws Exception {
        context.addRoutePolicyFactory((camelContext, routeId, route) -> new CameraRoutePolicy(ownership));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("camera://entrance?url=rtsp://127.0.0.1:1/none&fps=2").routeId("entrance-route").log("frame");
                from("direct:api").routeId("api").log("request");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aCameraRouteWaitsForItsClaimUnderItsEndpointsCameraIdAndOtherRoutesRunAsUsual() {
        assertThat(ownership.cameraIds()).containsExactly("entrance");
        assertThat(context.getRouteController().getRouteStatus("entrance-route")).isEqualTo(ServiceStatus.Stopped);
        assertThat(context.getRouteController().getRouteStatus("api")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aCameraRouteThatNeverStartedStopsWithTheContextWithoutAWarning() {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            context.stop();
            assertThat(logs.lines()).noneMatch(line -> line.startsWith("WARN") || line.startsWith("ERROR"));
        }
    }
}
