package dev.edgevideo.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds each camera's lock, as ZooKeeper says: the cameras this instance does not consume are owned by whoever
 * holds their lock. Reading every camera costs two ZooKeeper reads each, so a snapshot is reused for
 * {@link #MAX_AGE}.
 */
final class OwnerDirectory {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(OwnerDirectory.class);

    private final Function<String, Optional<String>> lockHolder;
    private final Clock clock;
    private Map<String, String> owners = Map.of();
    private Instant readAt = Instant.MIN;

    OwnerDirectory(CuratorFramework curator, String basePath, Clock clock) {
        this(cameraId -> lockHolder(curator, basePath + "/" + CameraClaim.NAMESPACE_PREFIX + cameraId), clock);
    }

    /** @param lockHolder the id of the instance holding a camera's lock, by camera id */
    OwnerDirectory(Function<String, Optional<String>> lockHolder, Clock clock) {
        this.lockHolder = lockHolder;
        this.clock = clock;
    }

    /** The holder of each camera's lock, by camera id; a camera nobody holds is absent. */
    synchronized Map<String, String> owners(Collection<String> cameraIds) {
        if (!clock.instant().isBefore(readAt.plus(MAX_AGE))) {
            Map<String, String> read = new TreeMap<>();
            cameraIds.forEach(id -> lockHolder.apply(id).ifPresent(owner -> read.put(id, owner)));
            owners = Map.copyOf(read);
            readAt = clock.instant();
        }
        return owners;
    }

    private static Optional<String> lockHolder(CuratorFramework curator, String path) {
        try {
            Optional<String> node = lockNode(curator.getChildren().forPath(path));
            return node.isEmpty() ? node : Optional.of(
                    new String(curator.getData().forPath(path + "/" + node.get()), StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty(); // nobody ever competed for it, or the holder left in the meantime
        } catch (Exception e) {
            LOG.debug("Cannot read the lock holder of {}: {}", path, e.getMessage());
            return Optional.empty();
        }
    }

    /** The node of the lock's holder: Curator's lock nodes end in a sequence number after the last dash. */
    static Optional<String> lockNode(List<String> children) {
        return children.stream().min(Comparator.comparing((String node) -> node.substring(node.lastIndexOf('-') + 1)));
    }
}
