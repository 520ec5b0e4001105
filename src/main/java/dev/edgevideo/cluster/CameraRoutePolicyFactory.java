package dev.edgevideo.cluster;

import dev.edgevideo.camera.CameraEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Puts every camera route (a route whose consumer is a {@link CameraEndpoint}) under {@link CameraOwnership}: the
 * route is created with auto-startup off and runs only while this instance owns the camera. Applied to every route
 * Camel creates, at start-up and on hot reload, so the YAML routes need no change for the cluster.
 */
final class CameraRoutePolicyFactory implements RoutePolicyFactory {

    private final CameraOwnership ownership;

    CameraRoutePolicyFactory(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new CameraRoutePolicy();
    }

    private final class CameraRoutePolicy extends RoutePolicySupport {

        @Override
        public void onInit(Route route) {
            if (route.getEndpoint() instanceof CameraEndpoint camera) {
                route.setAutoStartup(false);
                ownership.register(route.getRouteId(), camera.getCameraId());
            }
        }

        @Override
        public void onStop(Route route) {
            ownership.routeStopped(route.getRouteId());
        }

        @Override
        public void onRemove(Route route) {
            ownership.unregister(route.getRouteId());
        }
    }
}
