package dev.edgevideo.cluster;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** Answers {@code GET /api/v1/cluster} ({@code routes/cluster-api.camel.yaml}). */
public class ClusterApi {

    /** Bean name used by the REST route. */
    public static final String BEAN = "clusterApi";

    private final CamelContext camelContext;
    private final CameraCluster cluster;

    ClusterApi(CamelContext camelContext, CameraCluster cluster) {
        this.camelContext = camelContext;
        this.cluster = cluster;
    }

    public ClusterStatus cluster() {
        boolean enabled = cluster instanceof CameraOwnership;
        List<String> members = enabled ? ((CameraOwnership) cluster).members() : List.of(cluster.nodeId());
        boolean connected = !enabled || ((CameraOwnership) cluster).isConnected();
        List<ClusterStatus.Camera> cameras = cameraIds().stream()
                .map(id -> new ClusterStatus.Camera(id, cluster.ownerOf(id).orElse(null),
                        cluster.isStandby(id) ? "STANDBY" : "OWNED"))
                .toList();
        int owned = (int) cameras.stream().filter(camera -> camera.state().equals("OWNED")).count();
        return new ClusterStatus(enabled, cluster.nodeId(), connected, members, owned, cameras);
    }

    /** The cameras of the routes whose consumer is {@code camera:}, running or standing by. */
    private Set<String> cameraIds() {
        Set<String> ids = new TreeSet<>();
        for (Route route : camelContext.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.startsWith(CameraRoutePolicyFactory.CAMERA_SCHEME)) {
                ids.add(CameraRoutePolicyFactory.cameraId(uri));
            }
        }
        return ids;
    }
}
