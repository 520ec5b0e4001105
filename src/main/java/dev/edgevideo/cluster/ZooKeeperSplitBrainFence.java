package dev.edgevideo.cluster;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workaround for CAMEL-24457 (camel-zookeeper 4.17 and 4.18.0, the version used; fixed in 4.18.5 and 4.22.1): a
 * leader cut off from ZooKeeper keeps consuming. Curator interrupts the leader's election when the connection is
 * SUSPENDED, but Camel's ZooKeeper view then fails to read the new leader from the unreachable ZooKeeper and never
 * tells its listeners, so the consumer keeps running while the session expires and another instance takes over: in
 * the spike, 50+ s of double frames, and the old leader never competed again.
 * <p>
 * This fence watches Curator's connection itself: on SUSPENDED or LOST it stops this instance's cameras at once,
 * which is before the session (and so the camera locks) can expire on the server: the client suspends after two
 * thirds of the session timeout without an answer. On RECONNECTED the cameras compete again. Measured in the spike:
 * the cut-off leader stopped at +3.0 s, the new one started at +7.3 s, no overlap.
 * <p>
 * {@code SplitBrainCanaryIT} checks Camel's own behaviour: when it fails after a Camel upgrade, Camel fences by
 * itself and this class can go.
 */
final class ZooKeeperSplitBrainFence implements ConnectionStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperSplitBrainFence.class);

    private final CameraOwnership ownership;

    ZooKeeperSplitBrainFence(CameraOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        LOG.info("ZooKeeper connection {}", newState);
        switch (newState) {
            case SUSPENDED, LOST -> ownership.fence();
            case RECONNECTED -> ownership.reconnected();
            default -> {
                // CONNECTED (the first connection) and READ_ONLY change nothing: cameras compete once started.
            }
        }
    }
}
