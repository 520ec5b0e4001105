package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.edgevideo.testing.MutableClock;
import org.junit.jupiter.api.Test;

class OwnerDirectoryTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<String, String> holders = Map.of("cam-1", "edge-a", "cam-2", "edge-b");
    private final OwnerDirectory directory = new OwnerDirectory(cameraId -> {
        reads.incrementAndGet();
        return Optional.ofNullable(holders.get(cameraId));
    }, clock);

    @Test
    void everyCameraIsOwnedByItsLockHolderAndOneNobodyHoldsByNobody() {
        assertThat(directory.owners(List.of("cam-1", "cam-2", "cam-3")))
                .isEqualTo(Map.of("cam-1", "edge-a", "cam-2", "edge-b"));
    }

    @Test
    void theLocksAreReadAgainOnlyOnceTheSnapshotIsTwoSecondsOld() {
        List<String> cameras = List.of("cam-1", "cam-2");
        directory.owners(cameras);
        assertThat(reads).hasValue(2);

        clock.advance(Duration.ofMillis(1999));
        directory.owners(cameras);
        assertThat(reads).as("snapshot reused").hasValue(2);

        clock.advance(Duration.ofMillis(1));
        directory.owners(cameras);
        assertThat(reads).hasValue(4);
    }

    @Test
    void theLockHolderIsTheNodeWithTheLowestSequenceNumberWhateverItsPrefix() {
        assertThat(CameraLock.lockNode(List.of("_c_f1e2-77aa-lock-0000000012", "_c_01ab-99ff-lock-0000000003",
                "_c_0000-lock-0000000007"))).hasValue("_c_01ab-99ff-lock-0000000003");
        assertThat(CameraLock.lockNode(List.of())).isEmpty();
    }
}
