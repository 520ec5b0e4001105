package dev.edgevideo.cluster;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.TreeSet;

import dev.edgevideo.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's loop over a fake cluster of two members, "me" and "other": each camera view this instance
 * competes for leads at once (the other member does not compete for it), and the owner directory names "other" for
 * every camera.
 */
class CameraOwnershipTest {

    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3", "cam-4", "cam-5", "cam-6");

    private final CamelContext context = new DefaultCamelContext();
    private final FakeClusterService cluster = new FakeClusterService("me");
    private final MutableClock clock = new MutableClock();
    private final ClusterSettings settings = FakeClusterService.settings("me");
    private final SessionLease lease = new SessionLease(System::nanoTime);
    private final CameraOwnership ownership = new CameraOwnership(context, settings, cluster,
            new OwnerDirectory(cameraId -> Optional.of("other"), clock), cluster::lock, lease, clock);
    private final Map<String, CameraClaim> claims = new HashMap<>();
    private final Set<String> mine = new TreeSet<>();

    @BeforeEach
    void startTwoMembersWithSixCameras() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                CAMERAS.forEach(id -> from("direct:" + id).routeId(id).autoStartup(false).log("frame"));
            }
        });
        context.start();
        cluster.camerasLeadOnStart = true;
        cluster.view(CameraOwnership.MEMBERS).others = List.of("other");
        cluster.start();
        lease.answered(cluster.session, lease.now(), Duration.ofMinutes(10));
        CAMERAS.forEach(id -> claims.put(id, ownership.register(id, id)));
        ownership.start();
        Rendezvous.assign(List.of("me", "other"), CAMERAS).forEach((camera, owner) -> {
            if (owner.equals("me")) {
                mine.add(camera);
            }
        });
        assertThat(mine).hasSizeBetween(1, CAMERAS.size() - 1);
    }

    @AfterEach
    void stop() {
        ownership.stop();
        cluster.stop();
        context.stop();
    }

    @Test
    void eachCameraRendezvousGivesThisMemberRunsHereAndTheOthersStandBy() {
        awaitOwned(mine);
        assertThat(ownership.members()).containsExactly("me", "other");
        for (String camera : CAMERAS) {
            boolean here = mine.contains(camera);
            assertThat(routeStatus(camera)).as(camera).isEqualTo(here ? ServiceStatus.Started : ServiceStatus.Stopped);
            assertThat(cluster.view("camera-" + camera).participating).as("%s competed for", camera).isEqualTo(here);
            assertThat(ownership.ownerOf(camera)).as(camera).hasValue(here ? "me" : "other");
            assertThat(ownership.isStandby(camera)).as(camera).isEqualTo(!here);
        }
    }

    @Test
    void theCamerasOfAMemberThatLeftMoveHere() {
        awaitOwned(mine);

        cluster.view(CameraOwnership.MEMBERS).others = List.of();

        awaitOwned(new TreeSet<>(CAMERAS));
    }

    @Test
    void aMemberThatJoinsTakesItsShareAndEveryCameraRunsOnOneMemberOnly() {
        cluster.view(CameraOwnership.MEMBERS).others = List.of();
        awaitOwned(new TreeSet<>(CAMERAS));

        cluster.view(CameraOwnership.MEMBERS).others = List.of("other");

        awaitOwned(mine);
        awaitReleased(mine);
    }

    @Test
    void theFenceStopsEveryCameraUntilZooKeeperIsBackAndThenEveryElectionStartsAgain() {
        awaitOwned(mine);

        ownership.fence();

        assertThat(ownership.ownedCameras()).isEmpty();
        assertThat(ownership.isConnected()).isFalse();
        assertThat(ownership.ownerOf(CAMERAS.get(0))).as("cannot tell while cut off").isEmpty();
        mine.forEach(camera -> assertThat(routeStatus(camera)).isEqualTo(ServiceStatus.Stopped));
        await().during(1500, MILLISECONDS).atMost(3, SECONDS).until(() -> ownership.ownedCameras().isEmpty());

        ownership.reconnected();

        awaitOwned(mine);
        assertThat(cluster.restarts).contains(CameraOwnership.MEMBERS)
                .containsAll(mine.stream().map(camera -> "camera-" + camera).toList());
    }

    @Test
    void leavingHandsEveryCameraOverBeforeItsRouteStopsAndLetsNoFrameOutAfterwards() {
        awaitOwned(mine);

        ownership.leave();

        assertThat(cluster.view(CameraOwnership.MEMBERS).participating).as("left the members").isFalse();
        for (String camera : mine) {
            assertThat(cluster.view("camera-" + camera).participating).as("%s handed over", camera).isFalse();
            assertThat(routeStatus(camera)).as("%s stops with the context, later", camera)
                    .isEqualTo(ServiceStatus.Started);
            assertThat(admitted(camera)).as("a frame of %s after the hand-over", camera).isFalse();
        }
        assertThat(ownership.ownedCameras()).isEmpty();
        assertThat(ownership.heldBackFrames()).isEqualTo(mine.size());
    }

    @Test
    void leavingReleasesACameraOnlyOnceItsFrameInFlightIsOut() throws Exception {
        awaitOwned(mine);
        String camera = mine.iterator().next();
        Exchange inFlight = new DefaultExchange(context);
        context.getInflightRepository().add(inFlight, camera); // past the check, still in the sinks
        CompletableFuture<Void> leaving = CompletableFuture.runAsync(ownership::leave);

        await().during(300, MILLISECONDS).atMost(1, SECONDS).until(() ->
                cluster.view("camera-" + camera).participating && !leaving.isDone());
        assertThat(admitted(camera)).as("a new frame meanwhile").isFalse();
        context.getInflightRepository().remove(inFlight, camera);

        leaving.get(2, SECONDS);
        assertThat(cluster.view("camera-" + camera).participating).as("released once the frame was out").isFalse();
    }

    @Test
    void aMemberThatFlapsNeverLeavesACameraRunningHereWhileItIsTheOthersAndTheSplitSettlesWithHigherEpochs() {
        awaitOwned(mine);
        Map<String, Long> epochs = new HashMap<>();
        CAMERAS.forEach(camera -> epochs.put(camera, cluster.view("camera-" + camera).epoch));

        for (int flap = 0; flap < 3; flap++) {
            cluster.view(CameraOwnership.MEMBERS).others = List.of();
            awaitOwned(new TreeSet<>(CAMERAS));
            cluster.view(CameraOwnership.MEMBERS).others = List.of("other");
            awaitOwned(mine);
            awaitReleased(mine);
            for (String camera : CAMERAS) {
                long epoch = cluster.view("camera-" + camera).epoch;
                if (mine.contains(camera)) {
                    assertThat(epoch).as("%s kept its lock", camera).isEqualTo(epochs.get(camera));
                    assertThat(admitted(camera)).as(camera).isTrue();
                } else {
                    assertThat(epoch).as("%s taken again", camera).isGreaterThan(epochs.get(camera));
                    assertThat(cluster.view("camera-" + camera).participating).as("%s released", camera).isFalse();
                    assertThat(admitted(camera)).as("a frame of %s, now the other's", camera).isFalse();
                }
                epochs.put(camera, epoch);
            }
        }
    }

    @Test
    void aRemovedRouteLeavesItsElectionAndTheCameraList() {
        awaitOwned(mine);
        String camera = mine.iterator().next();

        ownership.unregister(camera);

        assertThat(cluster.view("camera-" + camera).participating).isFalse();
        assertThat(ownership.cameraIds()).doesNotContain(camera).hasSize(CAMERAS.size() - 1);
    }

    private void awaitOwned(Set<String> expected) {
        await().atMost(10, SECONDS).pollInterval(50, MILLISECONDS)
                .untilAsserted(() -> assertThat(ownership.ownedCameras()).isEqualTo(expected));
    }

    /** A claim stops its camera's route first and leaves the election after: the cameras not kept have left theirs. */
    private void awaitReleased(Set<String> kept) {
        await().atMost(10, SECONDS).pollInterval(50, MILLISECONDS).untilAsserted(() -> CAMERAS.stream()
                .filter(camera -> !kept.contains(camera))
                .forEach(camera -> assertThat(cluster.view("camera-" + camera).participating)
                        .as("%s released", camera).isFalse()));
    }

    /** Whether a frame of the camera beginning now would go out. */
    private boolean admitted(String camera) {
        Exchange frame = new DefaultExchange(context);
        ownership.admit(claims.get(camera), frame);
        return !frame.isRouteStop();
    }

    private ServiceStatus routeStatus(String routeId) {
        return context.getRouteController().getRouteStatus(routeId);
    }
}
