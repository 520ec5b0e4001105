package dev.edgevideo.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The cluster as this instance sees it, on {@code :9090/metrics}; bound only when the cluster is enabled. */
final class ClusterMetrics implements MeterBinder {

    private final CameraOwnership ownership;

    ClusterMetrics(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("edge_video_cluster_members", ownership, o -> o.members().size())
                .description("Live edge-video instances sharing the cameras").strongReference(true).register(registry);
        Gauge.builder("edge_video_cluster_owned_cameras", ownership, o -> o.ownedCameras().size())
                .description("Cameras this instance consumes").strongReference(true).register(registry);
        Gauge.builder("edge_video_cluster_connected", ownership, o -> o.isConnected() ? 1 : 0)
                .description("1 while in touch with ZooKeeper; 0 while cut off, with every camera stopped")
                .strongReference(true).register(registry);
        FunctionCounter.builder("edge_video_cluster_held_back_frames", ownership, CameraOwnership::heldBackFrames)
                .description("Frames not published because this instance no longer owned the camera or could not prove"
                             + " it still did (a pause or a cut longer than half the ZooKeeper session)")
                .register(registry);
    }
}
