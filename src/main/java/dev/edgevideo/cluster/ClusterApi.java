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

    /**
     * {@code GET /api/v1/cluster}: this instance, the live members and who consumes each camera.
     *
     * @param enabled   whether scale-out is on ({@code edgevideo.cluster.enabled}); when off, this node owns every
     *                  camera
     * @param node      this instance's id
     * @param connected whether it is in touch with ZooKeeper (always true when the cluster is off)
     * @param members   ids of the live instances, sorted
     * @param owned     how many cameras this instance consumes
     * @param cameras   every camera configured here, by id
     */
    public record ClusterStatus(boolean enabled, String node, boolean connected, List<String> members, int owned,
                                List<Camera> cameras) {
    }

    /**
     * @param cameraId the camera
     * @param owner    id of the instance consuming it, or null while nobody does
     * @param state    {@code OWNED} when this instance consumes it, else {@code STANDBY}
     */
    public record Camera(String cameraId, String owner, String state) {
    }

    public ClusterStatus cluster() {
        CameraOwnership ownership = cluster instanceof CameraOwnership o ? o : null;
        List<Camera> cameras = this.cameras.cameras().stream().map(CameraRuntime::cameraId)
                .map(id -> new Camera(id, cluster.ownerOf(id).orElse(null),
                        cluster.isStandby(id) ? "STANDBY" : "OWNED")).toList();
        int owned = (int) cameras.stream().filter(camera -> camera.state().equals("OWNED")).count();
        return new ClusterStatus(ownership != null, cluster.nodeId(), ownership == null || ownership.isConnected(),
                ownership == null ? List.of(cluster.nodeId()) : ownership.members(), owned, cameras);
    }
}
