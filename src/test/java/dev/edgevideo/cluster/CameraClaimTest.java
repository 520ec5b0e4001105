package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.edgevideo.camera.CameraConstants;
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
 * One camera's claim against Camel's cluster SPI with a fake view and a fake clock: events, passes, withdrawal, fence,
 * and the check every frame passes (the lease and the ownership epoch).
 */
class CameraClaimTest {

    private final CamelContext context = new DefaultCamelContext();
    private final FakeClusterService cluster = new FakeClusterService("me");
    private final MutableClock clock = new MutableClock();
    private final AtomicBoolean mayRun = new AtomicBoolean(true);
    private final SessionLease lease = new SessionLease(() -> clock.millis() * 1_000_000L);
    private CameraClaim claim;
    private FakeClusterService.View view;

    @BeforeEach
    void startARouteThatWaitsForItsClaim() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:cam-1").routeId("cam-1").autoStartup(false).log("frame");
            }
        });
        context.start();
        cluster.start();
        // Events run on the caller's thread here; in the service they go to the coordinator's thread.
        claim = new CameraClaim("cam-1", "cam-1", cluster, context.getRouteController(), clock, mayRun::get,
                Runnable::run, cluster::lock, lease);
        zooKeeperAnswers();
        view = cluster.view("camera-cam-1");
    }

    @AfterEach
    void stop() {
        cluster.stop();
        context.stop();
    }

    @Test
    void theRouteStartsOnTheLeadershipEventAndNotBefore() throws Exception {
        claim.compete();
        assertThat(view.participating).as("competes").isTrue();
        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);

        view.lead(true);

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Started);
        assertThat(claim.isRunning()).isTrue();
    }

    @Test
    void aLeadershipGainedWhileFencedStartsTheRouteOnTheFirstPassAfterwards() throws Exception {
        mayRun.set(false);
        claim.compete();
        view.lead(true);
        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);

        mayRun.set(true);
        claim.compete();

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aLossReportedWhileCuratorStillLeadsKeepsTheRouteUntilAPassSeesTheLeadershipGone() throws Exception {
        claim.compete();
        view.lead(true);

        view.fireEarlyLoss();
        assertThat(routeStatus()).as("Curator still holds the lock").isEqualTo(ServiceStatus.Started);

        view.leader = false; // Curator lets go, and camel-zookeeper says nothing more
        claim.compete();

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);
        assertThat(claim.isRunning()).isFalse();
    }

    @Test
    void withdrawingStopsTheRouteAndLeavesTheElection() throws Exception {
        claim.compete();
        view.lead(true);

        assertThat(claim.withdraw()).as("was running").isTrue();

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);
        assertThat(view.participating).isFalse();
        assertThat(claim.withdraw()).as("nothing left to stop").isFalse();
    }

    @Test
    void anElectionStillEndingAfterAWithdrawalIsNotJoinedAgainUntilItHasEnded() throws Exception {
        claim.compete();
        view.lead(true);
        claim.withdraw();
        view.leader = true; // Curator's election thread has not let go yet

        claim.compete();
        assertThat(view.participating).as("Curator would ignore a requeue now").isFalse();

        view.leader = false;
        claim.compete();
        assertThat(view.participating).isTrue();
    }

    @Test
    void aClaimLeftOutOfItsElectionRestartsItAfterThreeSecondsWithoutLeadership() throws Exception {
        claim.compete();
        view.participating = false; // Curator ended the election without queueing it again

        clock.advance(Duration.ofSeconds(2));
        claim.compete();
        assertThat(cluster.restarts).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        claim.compete();
        assertThat(cluster.restarts).containsExactly("camera-cam-1");
        assertThat(view.participating).isTrue();
    }

    @Test
    void theFenceStopsTheRouteAtOnceAndTheClaimKeepsCompeting() throws Exception {
        claim.compete();
        view.lead(true);
        mayRun.set(false);

        assertThat(claim.fence()).isTrue();

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);
        assertThat(view.participating).as("competes again once ZooKeeper is back").isTrue();
        assertThat(claim.fence()).as("nothing left to stop").isFalse();
    }

    @Test
    void aRouteThatStoppedByItselfGivesItsCameraUp() throws Exception {
        claim.compete();
        view.lead(true);
        context.getRouteController().stopRoute("cam-1");

        claim.giveUp();

        assertThat(claim.isRunning()).isFalse();
        assertThat(view.participating).isFalse();
    }

    @Test
    void aFrameGoesOutWithTheEpochOfTheLockItsRouteStartedUnder() throws Exception {
        claim.compete();
        view.lead(true);

        Exchange frame = frame();
        assertThat(claim.admit(frame)).isTrue();

        assertThat(frame.isRouteStop()).isFalse();
        assertThat(frame.getMessage().getHeader(CameraConstants.OWNER_EPOCH)).isEqualTo(view.epoch);
    }

    @Test
    void theRouteWaitsUntilItsLockNodeReadsAsThisInstances() throws Exception {
        claim = new CameraClaim("cam-1", "cam-1", cluster, context.getRouteController(), clock, mayRun::get,
                Runnable::run, cameraId -> Optional.of(new CameraLock("other", 7, 2)), lease);
        claim.compete();

        view.lead(true); // camel-zookeeper says so, but the lock node read still names the previous holder

        assertThat(routeStatus()).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void eachLeadershipGainedCarriesAHigherEpochThanTheLast() throws Exception {
        claim.compete();
        view.lead(true);
        long first = epochOfNextFrame();
        claim.withdraw();
        view.lead(false);

        claim.compete();
        view.lead(true);

        assertThat(epochOfNextFrame()).isGreaterThan(first);
    }

    @Test
    void aPauseLongerThanHalfTheSessionHoldsFramesBackUntilZooKeeperAnswersAgain() throws Exception {
        claim.compete();
        view.lead(true);

        clock.advance(Duration.ofSeconds(3)); // SIGSTOP: no answer from ZooKeeper for half the 6 s session
        Exchange late = frame();
        assertThat(claim.admit(late)).as("frame taken after the pause").isFalse();
        assertThat(late.isRouteStop()).as("the rest of the route skipped").isTrue();
        assertThat(late.getMessage().getHeader(CameraConstants.OWNER_EPOCH)).isNull();

        zooKeeperAnswers(); // the same session is still alive: the lock is still ours
        assertThat(claim.admit(frame())).isTrue();
    }

    @Test
    void anAnswerOnANewSessionDoesNotVouchForALockOfTheExpiredOne() throws Exception {
        claim.compete();
        view.lead(true);

        cluster.session = 2; // the old session expired while paused; Curator opened a new one
        clock.advance(Duration.ofSeconds(3));
        zooKeeperAnswers();

        assertThat(claim.admit(frame())).isFalse();
    }

    @Test
    void aClosedClaimLetsNoFrameOutAndKeepsItsLockUntilItGivesTheCameraUp() throws Exception {
        claim.compete();
        view.lead(true);

        assertThat(claim.close()).as("was running").isTrue();

        assertThat(claim.admit(frame())).isFalse();
        assertThat(view.participating).as("lock kept while frames in flight finish").isTrue();
        claim.giveUp();
        assertThat(view.participating).as("released").isFalse();
        assertThat(routeStatus()).as("stops with the context, later").isEqualTo(ServiceStatus.Started);
    }

    /** ZooKeeper answers a request sent now, on the fake cluster's current session (6 s). */
    private void zooKeeperAnswers() {
        lease.answered(cluster.session, lease.now(), Duration.ofSeconds(6));
    }

    private long epochOfNextFrame() {
        Exchange frame = frame();
        assertThat(claim.admit(frame)).isTrue();
        return frame.getMessage().getHeader(CameraConstants.OWNER_EPOCH, Long.class);
    }

    private Exchange frame() {
        return new DefaultExchange(context);
    }

    private ServiceStatus routeStatus() {
        return context.getRouteController().getRouteStatus("cam-1");
    }
}
