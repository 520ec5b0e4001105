/**
 * Scale-out: several edge-video instances share the cameras of the same {@code routes/} through ZooKeeper, each
 * camera consumed by exactly one live instance. Off by default ({@code edgevideo.cluster.enabled}); one instance
 * then runs exactly as without this package.
 * <p>
 * Built on Camel's cluster SPI ({@code camel-zookeeper}, Curator): {@link dev.edgevideo.cluster.CameraOwnership}
 * decides which cameras this instance competes for, a {@link dev.edgevideo.cluster.CameraClaim} per camera route
 * holds the camera's lock (its view's leadership) and runs the route, and the
 * {@link dev.edgevideo.cluster.CameraRoutePolicy} hands the camera routes over, so the YAML routes and their hot
 * reload stay as they are. {@link dev.edgevideo.cluster.ZooKeeperSplitBrainFence} works around CAMEL-24457. Every
 * frame is checked as it begins against the {@link dev.edgevideo.cluster.SessionLease} (a stalled instance cannot
 * react to events) and carries its lock's ownership epoch, which only grows, so a consumer can drop an old owner's
 * late frame. Other packages read the outcome through {@link dev.edgevideo.cluster.CameraCluster}, whether the
 * cluster is enabled or not.
 */
package dev.edgevideo.cluster;
