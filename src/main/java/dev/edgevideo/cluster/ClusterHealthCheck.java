package dev.edgevideo.cluster;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a cluster member, id {@code cluster}: DOWN while cut off from ZooKeeper (its cameras are stopped,
 * others take them) or not yet among the members. Not liveness: the instance recovers by itself when ZooKeeper is
 * back, restarting it would not help.
 */
final class ClusterHealthCheck extends AbstractHealthCheck {

    private final CameraOwnership ownership;
    private final ClusterSettings settings;

    ClusterHealthCheck(CameraOwnership ownership, ClusterSettings settings) {
        super("edge-video", "cluster");
        this.ownership = ownership;
        this.settings = settings;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", ownership.nodeId());
        builder.detail("members", String.join(",", ownership.members()));
        builder.detail("cameras.owned", ownership.ownedCameras().size());
        if (!ownership.isConnected()) {
            builder.message("Cut off from ZooKeeper " + settings.zookeeper()
                            + ": this instance's cameras are stopped until it is back").down();
        } else if (!ownership.members().contains(ownership.nodeId())) {
            builder.message("Not a cluster member (yet): joining through ZooKeeper " + settings.zookeeper()).down();
        } else {
            builder.up();
        }
    }
}
