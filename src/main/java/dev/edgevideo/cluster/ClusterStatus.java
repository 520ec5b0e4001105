package dev.edgevideo.cluster;

import java.util.List;

/**
 * {@code GET /api/v1/cluster}: this instance, the live members and who consumes each camera.
 *
 * @param enabled   whether scale-out is on ({@code edgevideo.cluster.enabled}); when off, this node owns every camera
 * @param node      this instance's id
 * @param connected whether it is in touch with ZooKeeper (always true when the cluster is off)
 * @param members   ids of the live instances, sorted
 * @param owned     how many cameras this instance consumes
 * @param cameras   every camera configured here, by id
 */
public record ClusterStatus(boolean enabled, String node, boolean connected, List<String> members, int owned,
                            List<Camera> cameras) {

    /**
     * @param cameraId the camera
     * @param owner    id of the instance consuming it, or null while nobody does
     * @param state    {@code OWNED} when this instance consumes it, else {@code STANDBY}
     */
    public record Camera(String cameraId, String owner, String state) {
    }
}
