package dev.edgevideo.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's lock as ZooKeeper holds it: the node of the instance that leads the camera's view (Curator's leader
 * election, one ephemeral sequential node per participant, the lowest one leads).
 *
 * @param holder  id of the instance holding it (the node's data, Camel's cluster service id)
 * @param epoch   the node's creation zxid: the ownership epoch. A later holder's node was created after this one
 *                (it queued behind it, or came once it was gone), and zxids only grow in a ZooKeeper ensemble, so a
 *                camera's epoch only grows, even when Curator deletes and recreates the empty lock path (which
 *                restarts the sequence numbers)
 * @param session the ZooKeeper session that owns the node: the lock lasts exactly as long as this session
 */
record CameraLock(String holder, long epoch, long session) {

    private static final Logger LOG = LoggerFactory.getLogger(CameraLock.class);

    /** A camera's lock under the cluster's base path, or empty when nobody holds it or ZooKeeper cannot be read. */
    static Optional<CameraLock> read(CuratorFramework curator, String basePath, String cameraId) {
        String path = basePath + "/" + CameraClaim.NAMESPACE_PREFIX + cameraId;
        try {
            Optional<String> node = lockNode(curator.getChildren().forPath(path));
            if (node.isEmpty()) {
                return Optional.empty();
            }
            Stat stat = new Stat();
            byte[] holder = curator.getData().storingStatIn(stat).forPath(path + "/" + node.get());
            return Optional.of(new CameraLock(new String(holder, StandardCharsets.UTF_8), stat.getCzxid(),
                    stat.getEphemeralOwner()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty(); // nobody ever competed for it, or the holder left in the meantime
        } catch (Exception e) {
            LOG.debug("Cannot read the lock {}: {}", path, e.getMessage());
            return Optional.empty();
        }
    }

    /** The node of the lock's holder: Curator's lock nodes end in a sequence number after the last dash. */
    static Optional<String> lockNode(List<String> children) {
        return children.stream().min(Comparator.comparing((String node) -> node.substring(node.lastIndexOf('-') + 1)));
    }
}
