package dev.edgevideo.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The cluster as this instance sees it, on {@code :9090/metrics}; bound only when the cluster is enabled. */
final class ClusterMetrics implements MeterBinder {

    /** Gauge: live members, as last read from ZooKeeper. */
    static final String MEMBERS = "edge_video_cluster_members";
    /** Gauge: cameras this instance consumes. */
    static final String OWNED_CAMERAS = "edge_video_cluster_owned_cameras";
    /** Gauge: 1 while this instance is in touch with ZooKeeper, 0 while it is fenced off. */
    static final String CONNECTED = "edge_video_cluster_connected";
    /** Counter: frames held back: the camera was handed over, or ZooKeeper had not vouched for its lock lately. */
    static final String HELD_BACK_FRAMES = "edge_video_cluster_held_back_frames";

    private final CameraOwnership ownership;

    ClusterMetrics(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(MEMBERS, ownership, o -> o.members().size())
                .description("Live edge-video instances sharing the cameras").strongReference(true).register(registry);
        Gauge.builder(OWNED_CAMERAS, ownership, o -> o.ownedCameras().size())
                .description("Cameras this instance consumes").strongReference(true).register(registry);
        Gauge.builder(CONNECTED, ownership, o -> o.isConnected() ? 1 : 0)
                .description("1 while in touch with ZooKeeper; 0 while cut off, with every camera stopped")
                .strongReference(true).register(registry);
        FunctionCounter.builder(HELD_BACK_FRAMES, ownership, CameraOwnership::heldBackFrames)
                .description("Frames not published because this instance no longer owned the camera or could not prove"
                             + " it still did (a pause or a cut longer than half the ZooKeeper session)")
                .register(registry);
    }
}
