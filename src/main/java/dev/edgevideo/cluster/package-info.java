/**
 * Scale-out: several edge-video instances share the cameras of the same {@code routes/} through ZooKeeper, each
 * camera consumed by exactly one live instance. Off by default ({@code edgevideo.cluster.enabled}); one instance
 * then runs exactly as without this package.
 * <p>
 * Built on Camel's cluster SPI ({@code camel-zookeeper}'s {@code ZooKeeperClusterService}, Curator): every instance
 * joins the {@code members} view, and each camera has its own view whose leadership is the lock that lets only one
 * instance consume it. {@link dev.edgevideo.cluster.CameraOwnership} decides which cameras this instance competes
 * for (rendezvous hashing with bounded loads over the live members, {@link dev.edgevideo.cluster.Rendezvous}); a
 * {@link dev.edgevideo.cluster.CameraClaim} per camera route starts it on the view's leadership event and stops it
 * when it withdraws; {@link dev.edgevideo.cluster.OwnerDirectory} reads who holds the other cameras. A
 * {@code RoutePolicy} on every route whose consumer is {@code camera:} hands the routes to the ownership, so the YAML
 * routes and their hot reload stay as they are.
 * {@link dev.edgevideo.cluster.ZooKeeperSplitBrainFence} works around CAMEL-24457 (a leader cut off from ZooKeeper
 * keeps consuming).
 * <p>
 * A stalled instance (a GC pause) cannot react to events, so every frame is checked as it begins: the
 * {@link dev.edgevideo.cluster.SessionLease} says whether ZooKeeper has recently vouched for the session that owns
 * the camera's lock, and a frame let through carries the lock's ownership epoch
 * ({@link dev.edgevideo.cluster.CameraLock}), which only grows for a camera, so a consumer can drop the late frame of
 * an old owner.
 * <p>
 * Other packages read the outcome through {@link dev.edgevideo.cluster.CameraCluster}, handed to them by the
 * composition root whether the cluster is enabled or not.
 */
package dev.edgevideo.cluster;
