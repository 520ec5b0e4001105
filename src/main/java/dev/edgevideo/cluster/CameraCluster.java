package dev.edgevideo.cluster;

import java.util.Optional;

/**
 * Who consumes which camera, for the other packages (cameras API, status page, frame metadata). Handed to them by
 * the composition root whether the cluster is enabled or not; read-only and cheap to call.
 */
public interface CameraCluster {

    /** This instance's id ({@code edgevideo.cluster.node-id}). */
    String nodeId();

    /**
     * The id of the instance that holds the camera's leadership, hence consumes it; empty when no instance does
     * (the camera is changing hands, or this instance is cut off from ZooKeeper and cannot tell).
     */
    Optional<String> ownerOf(String cameraId);

    /** Whether the camera is configured here but consumed elsewhere or not at all: this instance stands by. */
    boolean isStandby(String cameraId);
}
