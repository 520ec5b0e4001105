package dev.edgevideo.cluster;

import java.util.Optional;

/** The cluster of one, when {@code edgevideo.cluster.enabled} is false: this instance consumes every camera. */
record SingleNode(String nodeId) implements CameraCluster {

    @Override
    public Optional<String> ownerOf(String cameraId) {
        return Optional.of(nodeId);
    }

    @Override
    public boolean isStandby(String cameraId) {
        return false;
    }
}
