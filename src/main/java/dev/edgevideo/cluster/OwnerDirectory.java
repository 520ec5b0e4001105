package dev.edgevideo.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Who holds each camera's lock, as ZooKeeper says: the cameras this instance does not consume are owned by whoever
 * holds their lock. Reading every camera costs two ZooKeeper reads each, so a snapshot is reused for
 * {@link #MAX_AGE}.
 */
final class OwnerDirectory {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final Function<String, Optional<String>> lockHolder;
    private final Clock clock;
    private Map<String, String> owners = Map.of();
    private Instant readAt = Instant.MIN;

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
}
