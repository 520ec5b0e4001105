package dev.edgevideo.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.util.StringHelper;

/**
 * Puts every camera route (a route whose consumer is {@code camera:}) under {@link CameraOwnership}: the route is
 * created with auto-startup off and runs only while this instance owns the camera. Applied to every route Camel
 * creates, at start-up and on hot reload, so the YAML routes need no change for the cluster.
 */
final class CameraRoutePolicyFactory implements RoutePolicyFactory {

    static final String CAMERA_SCHEME = "camera:";

    private final CameraOwnership ownership;

    CameraRoutePolicyFactory(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition definition && definition.getInput() != null
            && definition.getInput().getEndpointUri() != null
            && definition.getInput().getEndpointUri().startsWith(CAMERA_SCHEME)) {
            return new CameraRoutePolicy();
        }
        return null;
    }

    /** The camera id of a {@code camera:<id>[?options]} endpoint URI. */
    static String cameraId(String endpointUri) {
        String path = StringHelper.after(endpointUri, CAMERA_SCHEME);
        path = path.startsWith("//") ? path.substring(2) : path;
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private final class CameraRoutePolicy extends RoutePolicySupport {

        @Override
        public void onInit(Route route) {
            route.setAutoStartup(false);
            ownership.register(route.getRouteId(), cameraId(route.getEndpoint().getEndpointUri()));
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
