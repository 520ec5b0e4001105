package dev.edgevideo.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.edgevideo.camera.CameraConstants;
import org.apache.camel.Exchange;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of one camera: whether it competes for the leadership of the camera's view
 * {@code camera-<cameraId>} (holds a reference on it, so takes part in its Curator lock) and whether it consumes the
 * camera (started its route). The route starts on the view's leadership event, and stops when the claim withdraws,
 * is fenced or finds it no longer leads.
 * <p>
 * The route starts only once the camera's lock node in ZooKeeper is read and found to be this instance's: its
 * creation zxid is the ownership epoch every frame carries ({@link CameraConstants#OWNER_EPOCH}), and its session is
 * the one the {@link SessionLease} must vouch for before each frame leaves ({@link #admit}).
 * <p>
 * Events arrive on Curator's election thread while the view holds its listener lock, so they are handed to
 * {@code events} (the coordinator's thread) rather than handled there. The route and the view reference change only
 * under this claim's monitor: a fence can never interleave with a start.
 */
final class CameraClaim implements CamelClusterEventListener.Leadership {

    static final String NAMESPACE_PREFIX = "camera-";
    /** How long a claim competes without leading before it checks that it still takes part in the election. */
    static final Duration PARTICIPATION_CHECK = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(CameraClaim.class);

    final String routeId;
    final String cameraId;
    private final CamelClusterService clusterService;
    private final RouteController routes;
    private final Clock clock;
    /** Whether a camera may start here now: in touch with ZooKeeper and not leaving. */
    private final BooleanSupplier mayRun;
    private final Executor events;
    /** The camera's lock as ZooKeeper holds it now, by camera id. */
    private final Function<String, Optional<CameraLock>> locks;
    private final SessionLease lease;
    private volatile CamelClusterView view;
    private volatile boolean retained;
    private volatile boolean running;
    private volatile Instant competingSince = Instant.MIN;
    /** The lock this instance started the route under; null before the first start. */
    private volatile CameraLock lock;
    /** Whether the lease held the last frame back: a change either way is logged, not every frame. */
    private volatile boolean heldBack;

    CameraClaim(String routeId, String cameraId, CamelClusterService clusterService, RouteController routes,
                Clock clock, BooleanSupplier mayRun, Executor events, Function<String, Optional<CameraLock>> locks,
                SessionLease lease) {
        this.routeId = routeId;
        this.cameraId = cameraId;
        this.clusterService = clusterService;
        this.routes = routes;
        this.clock = clock;
        this.mayRun = mayRun;
        this.events = events;
        this.locks = locks;
        this.lease = lease;
    }

    /** This instance started the camera's route and has not stopped it. */
    boolean isRunning() {
        return running;
    }

    @Override
    public void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
        events.execute(this::settle);
    }

    /**
     * Competes for the camera, and checks the route against the leadership. The check runs on every pass of the
     * coordinator, not only on events, because camel-zookeeper 4.18.0 fires the loss of a leadership from inside the
     * election while Curator still reports it, or not at all while ZooKeeper is unreachable (CAMEL-24457; the fence
     * covers that case); a gain while fenced is acted on by the first pass after the reconnection.
     */
    void compete() throws Exception {
        boolean first = false;
        synchronized (this) {
            if (!retained) {
                // A released election takes a moment to end; competing again before would be ignored by Curator.
                if (view != null && view.getLocalMember().isLeader()) {
                    return;
                }
                first = view == null;
                view = clusterService.getView(namespace());
                retained = true;
                competingSince = clock.instant();
            }
        }
        if (first) { // a view keeps its listeners across restarts; adding one reads ZooKeeper: not under the monitor
            view.addEventListener(this);
        }
        settle();
        if (!view.getLocalMember().isLeader() && clock.instant().isAfter(competingSince.plus(PARTICIPATION_CHECK))) {
            competingSince = clock.instant();
            // Curator drops out of an election on a connection loss, and ignores a requeue while the previous one ends.
            if (view.getMembers().stream().noneMatch(CamelClusterMember::isLocal)) {
                restart(clusterService, namespace());
            }
        }
    }

    /**
     * Whether a frame of the camera may leave now, called as each frame's exchange begins: only while the route runs
     * under this claim and the session owning its lock is vouched for by the lease. A frame let through carries the
     * ownership epoch; another is stopped where it is (the rest of the route is skipped, nothing is published).
     *
     * @return whether the frame goes on
     */
    boolean admit(Exchange exchange) {
        CameraLock held = lock;
        if (!running || held == null) {
            exchange.setRouteStop(true); // withdrawn or handed over: logged where that happened
            return false;
        }
        boolean vouched = lease.holds(held.session());
        if (vouched) {
            exchange.getMessage().setHeader(CameraConstants.OWNER_EPOCH, held.epoch());
        } else {
            exchange.setRouteStop(true);
        }
        if (vouched == heldBack) {
            heldBack = !vouched;
            if (vouched) {
                LOG.info("Camera {}: ZooKeeper vouches for this instance's lock again, frames go out", cameraId);
            } else {
                LOG.warn("Camera {}: ZooKeeper has not vouched for this instance's lock lately, frames held back",
                        cameraId);
            }
        }
        return vouched;
    }

    /** Starts the route when this instance leads the camera and may consume; stops it when it no longer leads. */
    synchronized void settle() {
        boolean leader = retained && view.getLocalMember().isLeader();
        if (leader && !running && mayRun.getAsBoolean()) {
            Optional<CameraLock> held = locks.apply(cameraId)
                    .filter(read -> read.holder().equals(clusterService.getId()));
            if (held.isEmpty()) {
                LOG.debug("Camera {}: leading, but its lock node is not readable as this instance's yet", cameraId);
                return; // the next pass reads it again
            }
            lock = held.get();
            heldBack = false; // the start is logged: a first frame let through is no news
            try {
                routes.startRoute(routeId);
                running = true;
                LOG.info("Camera {} is this member's: started it (ownership epoch {})", cameraId, lock.epoch());
            } catch (Exception e) {
                LOG.warn("Cannot start camera route {}: {}", routeId, e.getMessage());
            }
        } else if (!leader && halt(0)) {
            LOG.warn("Camera {} lost its leadership: stopped it here", cameraId);
        }
    }

    /** Stops consuming the camera and leaves its election; true when the route was running here. */
    synchronized boolean withdraw() {
        boolean wasRunning = halt(0);
        giveUp();
        return wasRunning;
    }

    /**
     * Lets no more frames out, keeping the lock and leaving the route to stop later (the context stops it next);
     * true when the route was running here.
     */
    synchronized boolean close() {
        boolean wasRunning = running;
        running = false;
        return wasRunning;
    }

    /**
     * Lets no more frames out and leaves the camera's election so another instance takes it, without waiting for
     * the route to stop (the route was removed, or the context stops it next).
     */
    synchronized void giveUp() {
        running = false;
        if (retained) {
            retained = false;
            try {
                clusterService.releaseView(view);
            } catch (Exception e) {
                LOG.debug("Releasing camera {} failed: {}", cameraId, e.getMessage());
            }
        }
    }

    /** ZooKeeper is out of reach: stops the route now, frames in flight get a second (well within a session). */
    synchronized boolean fence() {
        return halt(1000);
    }

    /** ZooKeeper is back: Curator ended the election when the connection went, so a competing claim starts it again. */
    void rejoin() {
        if (retained) {
            restart(clusterService, namespace());
        }
    }

    /** Stops the route if it runs, within the timeout if one is given; true when it was running. */
    private boolean halt(long timeoutMillis) {
        if (!running) {
            return false;
        }
        running = false;
        try {
            if (timeoutMillis > 0) {
                routes.stopRoute(routeId, timeoutMillis, TimeUnit.MILLISECONDS);
            } else {
                routes.stopRoute(routeId);
            }
        } catch (Exception e) {
            LOG.warn("Cannot stop camera route {}: {}", routeId, e.getMessage());
        }
        return true;
    }

    private String namespace() {
        return NAMESPACE_PREFIX + cameraId;
    }

    static void restart(CamelClusterService clusterService, String namespace) {
        try {
            clusterService.stopView(namespace);
            clusterService.startView(namespace);
        } catch (Exception e) {
            LOG.warn("Cannot restart cluster view {}: {}", namespace, e.getMessage());
        }
    }
}
