package dev.edgevideo.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which cameras this instance competes for, one {@link CameraClaim} per camera route.
 * <p>
 * Every instance joins the {@value #MEMBERS} view. Once a second, on one thread, this instance reads the live members
 * (camel-zookeeper's views fire no membership events, so they are read), computes the owner of every camera with
 * {@link Rendezvous}, and has each claim compete for its camera or withdraw. A claim starts its route when its view
 * reports this instance's leadership, and only while ZooKeeper is reachable ({@link ZooKeeperSplitBrainFence}): the
 * lock, not the hashing, is what guarantees one consumer, so members that briefly disagree on the membership can
 * only delay a camera, never double it. Who consumes the other cameras comes from the {@link OwnerDirectory}.
 */
public final class CameraOwnership extends ServiceSupport implements CameraCluster {

    /** Namespace of the view every instance joins; its members are the live instances. */
    static final String MEMBERS = "members";
    private static final long TICK_MILLIS = 1000;
    /**
     * How long a leaving instance lets frames already on their way reach the sinks before it releases their cameras:
     * a frame takes milliseconds; a broker that does not answer costs at most this much of the hand-over.
     */
    static final Duration DRAIN = Duration.ofSeconds(2);
    private static final long DRAIN_POLL_NANOS = 10_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(CameraOwnership.class);

    private final CamelContext camelContext;
    private final ClusterSettings settings;
    private final CamelClusterService clusterService;
    private final OwnerDirectory directory;
    private final Function<String, Optional<CameraLock>> locks;
    private final SessionLease lease;
    private final Clock clock;
    private final LongAdder heldBack = new LongAdder();
    /** By route id. */
    private final Map<String, CameraClaim> claims = new ConcurrentHashMap<>();
    private volatile boolean connected = true;
    private volatile boolean leaving;
    private volatile List<String> members = List.of();
    private CamelClusterView membersView;
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param locks each camera's lock as ZooKeeper holds it now, by camera id: read when a claim starts its route
     * @param lease vouches for this instance's ZooKeeper session before each frame leaves
     */
    CameraOwnership(CamelContext camelContext, ClusterSettings settings, CamelClusterService clusterService,
                    OwnerDirectory directory, Function<String, Optional<CameraLock>> locks, SessionLease lease,
                    Clock clock) {
        this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clusterService = Objects.requireNonNull(clusterService, "clusterService");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public Optional<String> ownerOf(String cameraId) {
        if (ownedCameras().contains(cameraId)) {
            return Optional.of(nodeId());
        }
        return connected ? Optional.ofNullable(directory.owners(cameraIds()).get(cameraId)) : Optional.empty();
    }

    @Override
    public boolean isStandby(String cameraId) {
        return cameraIds().contains(cameraId) && !ownedCameras().contains(cameraId);
    }

    /** The live instances' ids, as last read from ZooKeeper (sorted). */
    public List<String> members() {
        return members;
    }

    /** Whether this instance is in touch with ZooKeeper; while not, it consumes no camera. */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Frames held back since the start: their route ran, but this instance no longer owned the camera or could not
     * prove it still did.
     */
    public long heldBackFrames() {
        return heldBack.sum();
    }

    /** Ids of the cameras this instance consumes now. */
    public Set<String> ownedCameras() {
        return claims.values().stream().filter(CameraClaim::isRunning).map(claim -> claim.cameraId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Ids of the cameras of this instance's camera routes (every instance reads the same routes). */
    public Set<String> cameraIds() {
        return claims.values().stream().map(claim -> claim.cameraId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A camera route was created: it starts only once this instance holds the camera's leadership. */
    CameraClaim register(String routeId, String cameraId) {
        CameraClaim claim = new CameraClaim(routeId, cameraId, clusterService, camelContext.getRouteController(),
                clock, () -> connected && !leaving, this::submit, locks, lease);
        claims.put(routeId, claim);
        submit(this::tick);
        return claim;
    }

    /** A frame of a camera route begins: it goes on only if the claim admits it (see {@link CameraClaim#admit}). */
    void admit(CameraClaim claim, Exchange exchange) {
        if (!claim.admit(exchange)) {
            heldBack.increment();
        }
    }

    /** A camera route was removed (hot reload, or shutdown): give up its leadership. */
    void unregister(String routeId) {
        Optional.ofNullable(claims.remove(routeId)).ifPresent(CameraClaim::giveUp);
    }

    /**
     * The context is stopping: stop competing, leave the members, and hand every camera over before its route stops
     * (rather than as each route stops, which made the last camera wait for every route before it). Each claim first
     * stops letting frames out; the frames already past that point reach the sinks (at most {@link #DRAIN}); then
     * every lock is released, so the next owners start at once and never overlap this instance.
     */
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
        List<CameraClaim> handing = claims.values().stream().filter(CameraClaim::close).toList();
        awaitFramesOut(handing);
        claims.values().forEach(CameraClaim::giveUp);
        if (!handing.isEmpty()) {
            LOG.info("Leaving the cluster: handed {} camera(s) over before stopping them", handing.size());
        }
    }

    /** Waits, at most {@link #DRAIN}, until no frame of these claims' routes is in flight. */
    private void awaitFramesOut(List<CameraClaim> closed) {
        InflightRepository inflight = camelContext.getInflightRepository();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (closed.stream().anyMatch(claim -> inflight.size(claim.routeId) > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
    }

    /** ZooKeeper is out of reach: stop every camera now, before the session can expire and another takes them. */
    void fence() {
        boolean wasConnected = connected;
        connected = false;
        List<String> stopped = claims.values().stream().filter(CameraClaim::fence).map(c -> c.cameraId).toList();
        if (wasConnected || !stopped.isEmpty()) {
            LOG.warn("Cut off from ZooKeeper: stopped {} camera(s) {} until it is back", stopped.size(), stopped);
        }
    }

    /**
     * ZooKeeper is back. Curator interrupted every leader election of this instance when the connection went
     * (members and cameras alike) and does not queue them again, so every view this instance holds is restarted.
     */
    void reconnected() {
        submit(() -> {
            CameraClaim.restart(clusterService, MEMBERS);
            claims.values().forEach(CameraClaim::rejoin);
            connected = true;
            LOG.info("ZooKeeper is reachable again: competing for cameras");
            tick();
        });
    }

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
        claims.values().forEach(CameraClaim::giveUp);
    }

    /** Runs a task on the loop's thread: the passes, and the claims' leadership events. */
    private void submit(Runnable task) {
        try {
            Optional.ofNullable(scheduler).ifPresent(executor -> executor.execute(task));
        } catch (RejectedExecutionException stopping) {
            // The context stops: doStop gives every claim up.
        }
    }

    /** One pass: read the members, then have every claim compete for its camera or withdraw from it. */
    private void tick() {
        if (leaving || !connected || !camelContext.isStarted()) {
            return;
        }
        try {
            members = readMembers();
            Map<String, String> wanted = members.contains(nodeId()) ? Rendezvous.assign(members, cameraIds())
                    : Map.of();
            for (CameraClaim claim : claims.values()) {
                if (nodeId().equals(wanted.get(claim.cameraId))) {
                    claim.compete();
                } else if (claim.withdraw()) {
                    LOG.info("Camera {} belongs to another member now: stopped it here", claim.cameraId);
                }
            }
        } catch (Exception e) {
            LOG.warn("Cluster pass failed, trying again in {} ms: {}", TICK_MILLIS, e.getMessage());
        }
    }

    private List<String> readMembers() {
        if (membersView == null) {
            return List.of();
        }
        List<String> ids = membersView.getMembers().stream().map(CamelClusterMember::getId)
                .filter(Objects::nonNull).distinct().sorted().toList();
        if (!ids.contains(nodeId())) {
            // Not (yet, or no longer) a participant: the election may have been interrupted without a requeue.
            CameraClaim.restart(clusterService, MEMBERS);
        }
        return ids;
    }
}
