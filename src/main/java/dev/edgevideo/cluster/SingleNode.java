package dev.edgevideo.cluster;

import java.util.Optional;

/** The cluster of one, when {@code edgevideo.cluster.enabled} is false: this instance consumes every camera. */
final class SingleNode implements CameraCluster {

    private final String nodeId;

    SingleNode(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<String> ownerOf(String cameraId) {
        return Optional.of(nodeId);
    }

    @Override
    public boolean isStandby(String cameraId) {
        return false;
    }
}
