package dev.edgevideo.cluster;

import dev.edgevideo.camera.CameraEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Puts every camera route (a route whose consumer is a {@link CameraEndpoint}) under {@link CameraOwnership}: the
 * route is created with auto-startup off and runs only while this instance owns the camera, and each frame goes past
 * its first step only while ZooKeeper vouches for that ({@link CameraClaim#admit}). Given to every route Camel
 * creates, at start-up and on hot reload, so the YAML routes need no change for the cluster.
 */
final class CameraRoutePolicy extends RoutePolicySupport {

    private final CameraOwnership ownership;
    /** The route's claim when it is a camera route, else null. */
    private CameraClaim claim;

    CameraRoutePolicy(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public void onInit(Route route) {
        if (route.getEndpoint() instanceof CameraEndpoint camera) {
            route.setAutoStartup(false);
            claim = ownership.register(route.getRouteId(), camera.getCameraId());
        }
    }

    /** Every frame, before any step of the route: the fence, and the ownership epoch on the frame. */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (claim != null) {
            ownership.admit(claim, exchange);
        }
    }

    @Override
    public void onRemove(Route route) {
        ownership.unregister(route.getRouteId());
    }
}
