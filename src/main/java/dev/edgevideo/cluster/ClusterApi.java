package dev.edgevideo.cluster;

import java.util.List;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRuntime;

/** Answers {@code GET /api/v1/cluster} ({@code routes/cluster-api.camel.yaml}). */
public class ClusterApi {

    /** Bean name used by the REST route. */
    public static final String BEAN = "clusterApi";

    private final CameraRegistry cameras;
    private final CameraCluster cluster;

    ClusterApi(CameraRegistry cameras, CameraCluster cluster) {
        this.cameras = cameras;
        this.cluster = cluster;
    }

    public ClusterStatus cluster() {
        boolean enabled = cluster instanceof CameraOwnership;
        List<String> members = enabled ? ((CameraOwnership) cluster).members() : List.of(cluster.nodeId());
        boolean connected = !enabled || ((CameraOwnership) cluster).isConnected();
        List<ClusterStatus.Camera> cameras = this.cameras.cameras().stream().map(CameraRuntime::cameraId)
                .map(id -> new ClusterStatus.Camera(id, cluster.ownerOf(id).orElse(null),
                        cluster.isStandby(id) ? "STANDBY" : "OWNED"))
                .toList();
        int owned = (int) cameras.stream().filter(camera -> camera.state().equals("OWNED")).count();
        return new ClusterStatus(enabled, cluster.nodeId(), connected, members, owned, cameras);
    }
}
