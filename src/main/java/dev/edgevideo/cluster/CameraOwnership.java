package dev.edgevideo.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which cameras this instance consumes, and starts and stops their routes accordingly.
 * <p>
 * Every instance joins the {@value #MEMBERS} view; each camera has a view of its own, {@code camera-<cameraId>},
 * whose leadership (a Curator lock) is held by at most one instance. Once a second, on one thread, this instance
 * reads the live members from the cluster service, computes the owner of every camera with {@link Rendezvous},
 * competes for the cameras it should own and withdraws from the others. A camera's route runs only while this
 * instance holds its leadership and ZooKeeper is reachable ({@link ZooKeeperSplitBrainFence}): the lock, not the
 * hashing, is what guarantees one consumer, so members that briefly disagree on the membership can only delay a
 * camera, never double it.
 */
public final class CameraOwnership extends ServiceSupport implements CameraCluster {

    /** Namespace of the view every instance joins; its members are the live instances. */
    static final String MEMBERS = "members";
    static final String CAMERA_NAMESPACE_PREFIX = "camera-";
    private static final long TICK_MILLIS = 1000;
    /** How long a snapshot of the owners of all cameras is reused: it costs two ZooKeeper reads per camera. */
    private static final long OWNERS_CACHE_MILLIS = 2000;
    /** Route stops on a fence: frames in flight get this long, so the fence is done well within a session. */
    private static final long FENCE_STOP_TIMEOUT_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(CameraOwnership.class);

    private final CamelContext camelContext;
    private final ClusterSettings settings;
    private final CamelClusterService clusterService;
    private final CuratorFramework curator;
    /** By route id. */
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    /** Route starts and stops happen under this lock, so a fence can never interleave with a start. */
    private final Object routes = new Object();
    private volatile boolean connected = true;
    private volatile boolean leaving;
    private volatile List<String> members = List.of();
    private volatile Owners owners = new Owners(Map.of(), 0);
    private CamelClusterView membersView;
    private ScheduledExecutorService scheduler;

    CameraOwnership(CamelContext camelContext, ClusterSettings settings, CamelClusterService clusterService,
                    CuratorFramework curator) {
        this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clusterService = Objects.requireNonNull(clusterService, "clusterService");
        this.curator = Objects.requireNonNull(curator, "curator");
    }

    // ---- CameraCluster ------------------------------------------------------------------------------------------

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public Optional<String> ownerOf(String cameraId) {
        if (isConsumingHere(cameraId)) {
            return Optional.of(nodeId());
        }
        return Optional.ofNullable(owners().byCamera().get(cameraId));
    }

    @Override
    public boolean isStandby(String cameraId) {
        return cameraIds().contains(cameraId) && !isConsumingHere(cameraId);
    }

    /** The live instances' ids, as last read from ZooKeeper (sorted). */
    public List<String> members() {
        return members;
    }

    /** Whether this instance is in touch with ZooKeeper; while not, it consumes no camera. */
    public boolean isConnected() {
        return connected;
    }

    /** Ids of the cameras this instance consumes now. */
    public Set<String> ownedCameras() {
        return claims.values().stream().filter(claim -> claim.running).map(claim -> claim.cameraId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Ids of the cameras configured here (every instance reads the same routes). */
    public Set<String> cameraIds() {
        return claims.values().stream().map(claim -> claim.cameraId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean isConsumingHere(String cameraId) {
        return claims.values().stream().anyMatch(claim -> claim.running && claim.cameraId.equals(cameraId));
    }

    /** The owner of every camera, read from the camera locks in ZooKeeper at most every two seconds. */
    private Owners owners() {
        Owners current = owners;
        if (!connected || System.currentTimeMillis() - current.readAt() < OWNERS_CACHE_MILLIS) {
            return connected ? current : new Owners(Map.of(), 0);
        }
        synchronized (this) {
            if (System.currentTimeMillis() - owners.readAt() >= OWNERS_CACHE_MILLIS) {
                Map<String, String> byCamera = new TreeMap<>();
                for (String cameraId : cameraIds()) {
                    lockHolder(cameraId).ifPresent(owner -> byCamera.put(cameraId, owner));
                }
                owners = new Owners(Map.copyOf(byCamera), System.currentTimeMillis());
            }
            return owners;
        }
    }

    /** The holder of a camera's lock: the participant with the lowest sequence number under its path. */
    private Optional<String> lockHolder(String cameraId) {
        String path = settings.basePath() + "/" + CAMERA_NAMESPACE_PREFIX + cameraId;
        try {
            Optional<String> first = curator.getChildren().forPath(path).stream()
                    .min(Comparator.comparing(CameraOwnership::sequenceOf));
            if (first.isEmpty()) {
                return Optional.empty();
            }
            byte[] id = curator.getData().forPath(path + "/" + first.get());
            return Optional.of(new String(id, StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty(); // nobody ever competed for it, or the holder left in the meantime
        } catch (Exception e) {
            LOG.debug("Cannot read the owner of camera {}: {}", cameraId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Curator lock nodes end in a ten-digit sequence number after the last dash. */
    private static String sequenceOf(String node) {
        return node.substring(node.lastIndexOf('-') + 1);
    }

    // ---- routes, from the route policy --------------------------------------------------------------------------

    /** A camera route was created: it starts only once this instance holds the camera's leadership. */
    void register(String routeId, String cameraId) {
        claims.put(routeId, new Claim(routeId, cameraId));
        wakeUp();
    }

    /** A camera route was removed (hot reload, or shutdown): give up its leadership. */
    void unregister(String routeId) {
        Claim claim = claims.remove(routeId);
        if (claim != null) {
            claim.running = false;
            release(claim);
        }
    }

    /** A camera route stopped while the context stops: hand its camera over at once rather than at shutdown's end. */
    void routeStopped(String routeId) {
        if (leaving) {
            Claim claim = claims.get(routeId);
            if (claim != null) {
                claim.running = false;
                release(claim);
            }
        }
    }

    /** The context is stopping: stop competing, and leave the members so the others take the cameras now. */
    void leave() {
        leaving = true;
        if (membersView != null) {
            try {
                clusterService.releaseView(membersView);
            } catch (Exception e) {
                LOG.debug("Leaving the members view failed: {}", e.getMessage());
            }
            membersView = null;
        }
    }

    // ---- the fence ----------------------------------------------------------------------------------------------

    /** ZooKeeper is out of reach: stop every camera now, before the session can expire and another takes them. */
    void fence() {
        boolean wasConnected = connected;
        connected = false;
        synchronized (routes) {
            List<String> stopped = new ArrayList<>();
            for (Claim claim : claims.values()) {
                if (claim.running) {
                    stopRoute(claim, FENCE_STOP_TIMEOUT_MILLIS);
                    stopped.add(claim.cameraId);
                }
            }
            if (wasConnected || !stopped.isEmpty()) {
                LOG.warn("Cut off from ZooKeeper: stopped {} camera(s) {} until it is back", stopped.size(), stopped);
            }
        }
    }

    /**
     * ZooKeeper is back. Curator interrupted every leader election of this instance when the connection went
     * (members and cameras alike) and does not queue them again, so every view this instance holds is restarted.
     */
    void reconnected() {
        if (scheduler == null) {
            return;
        }
        scheduler.execute(() -> {
            restartView(MEMBERS);
            for (Claim claim : claims.values()) {
                if (claim.retained) {
                    restartView(claim.namespace());
                }
            }
            connected = true;
            LOG.info("ZooKeeper is reachable again: competing for cameras");
            tick();
        });
    }

    private void restartView(String namespace) {
        try {
            clusterService.stopView(namespace);
            clusterService.startView(namespace);
        } catch (Exception e) {
            LOG.warn("Cannot restart cluster view {}: {}", namespace, e.getMessage());
        }
    }

    // ---- the loop -----------------------------------------------------------------------------------------------

    @Override
    protected void doStart() throws Exception {
        membersView = clusterService.getView(MEMBERS);
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "CameraOwnership");
        scheduler.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Cluster member {} (ZooKeeper {}, base path {}, session timeout {} s)", nodeId(),
                settings.zookeeper(), settings.basePath(), settings.sessionTimeout().toSeconds());
    }

    @Override
    protected void doStop() throws Exception {
        leave();
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
        for (Claim claim : claims.values()) {
            release(claim);
        }
    }

    private void wakeUp() {
        ScheduledExecutorService current = scheduler;
        if (current != null && !current.isShutdown()) {
            current.execute(this::tick);
        }
    }

    /** One pass: read the members, then bring every camera in line with who should own it. */
    private void tick() {
        if (leaving || !connected || !camelContext.isStarted()) {
            return;
        }
        try {
            List<String> live = readMembers();
            members = live;
            Map<String, String> wanted = live.contains(nodeId())
                    ? Rendezvous.assign(live, cameraIds()) : Map.of();
            for (Claim claim : claims.values()) {
                reconcile(claim, nodeId().equals(wanted.get(claim.cameraId)));
            }
        } catch (Exception e) {
            LOG.warn("Cluster pass failed, trying again in {} ms: {}", TICK_MILLIS, e.getMessage());
        }
    }

    private List<String> readMembers() throws Exception {
        if (membersView == null) {
            return List.of();
        }
        List<String> ids = membersView.getMembers().stream().map(CamelClusterMember::getId)
                .filter(Objects::nonNull).distinct().sorted().collect(Collectors.toList());
        if (!ids.contains(nodeId())) {
            // Not (yet, or no longer) a participant: the election may have been interrupted without a requeue.
            restartView(MEMBERS);
        }
        return List.copyOf(ids);
    }

    private void reconcile(Claim claim, boolean wanted) throws Exception {
        if (!wanted) {
            if (claim.running || claim.retained) {
                synchronized (routes) {
                    if (claim.running) {
                        stopRoute(claim, 0);
                        LOG.info("Camera {} belongs to another member now: stopped it here", claim.cameraId);
                    }
                }
                release(claim);
            }
            return;
        }
        synchronized (claim) {
            if (!claim.retained) {
                // A released election takes a moment to end; competing again before would be ignored by Curator.
                if (claim.view != null && claim.view.getLocalMember().isLeader()) {
                    return;
                }
                claim.view = clusterService.getView(claim.namespace());
                claim.retained = true;
                claim.competingSince = System.currentTimeMillis();
            }
        }
        boolean leader = claim.view.getLocalMember().isLeader();
        synchronized (routes) {
            if (leader && !claim.running && connected && !leaving) {
                camelContext.getRouteController().startRoute(claim.routeId);
                claim.running = true;
                LOG.info("Camera {} is this member's: started it", claim.cameraId);
            } else if (!leader && claim.running) {
                stopRoute(claim, 0);
                LOG.warn("Camera {} lost its leadership: stopped it here", claim.cameraId);
            }
        }
        if (!leader && System.currentTimeMillis() - claim.competingSince > 3 * TICK_MILLIS) {
            claim.competingSince = System.currentTimeMillis();
            boolean participating = claim.view.getMembers().stream().anyMatch(CamelClusterMember::isLocal);
            if (!participating) {
                restartView(claim.namespace());
            }
        }
    }

    private void release(Claim claim) {
        synchronized (claim) {
            if (!claim.retained) {
                return;
            }
            claim.retained = false;
            try {
                clusterService.releaseView(claim.view);
            } catch (Exception e) {
                LOG.debug("Releasing camera {} failed: {}", claim.cameraId, e.getMessage());
            }
        }
    }

    private void stopRoute(Claim claim, long timeoutMillis) {
        claim.running = false;
        try {
            if (timeoutMillis > 0) {
                camelContext.getRouteController().stopRoute(claim.routeId, timeoutMillis, TimeUnit.MILLISECONDS);
            } else {
                camelContext.getRouteController().stopRoute(claim.routeId);
            }
        } catch (Exception e) {
            LOG.warn("Cannot stop camera route {}: {}", claim.routeId, e.getMessage());
        }
    }

    /** Owners of the cameras and when they were read. */
    private record Owners(Map<String, String> byCamera, long readAt) {
    }

    /** This instance's side of one camera: its route, its view, whether it competes and whether it consumes. */
    private static final class Claim {
        final String routeId;
        final String cameraId;
        volatile CamelClusterView view;
        /** Holds a reference on the camera's view, i.e. competes for its leadership. */
        volatile boolean retained;
        /** This instance started the route and has not stopped it. */
        volatile boolean running;
        volatile long competingSince;

        Claim(String routeId, String cameraId) {
            this.routeId = routeId;
            this.cameraId = cameraId;
        }

        String namespace() {
            return CAMERA_NAMESPACE_PREFIX + cameraId;
        }
    }
}
