package dev.edgevideo.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * Camel's cluster SPI without ZooKeeper, for unit tests: the reference counting and view lifecycle are Camel's own
 * ({@link AbstractCamelClusterService}); who leads and who takes part is what the test says. A view stops leading
 * when it stops, firing the loss event as camel-zookeeper's does (with no leader, since the view is stopping).
 */
final class FakeClusterService extends AbstractCamelClusterService<FakeClusterService.View> {

    private final Map<String, View> views = new ConcurrentHashMap<>();
    /** Namespaces whose view was stopped and started again ({@code stopView}), in order. */
    final List<String> restarts = new CopyOnWriteArrayList<>();
    /** Whether a camera view leads as soon as it starts, as the only instance competing for it would. */
    volatile boolean camerasLeadOnStart;
    /** The ZooKeeper session this instance's lock nodes belong to. */
    volatile long session = 1;
    /** ZooKeeper's transaction id: every leadership gained creates a lock node, which takes the next one. */
    private final AtomicLong zxid = new AtomicLong(100);

    FakeClusterService(String id) {
        super(id);
    }

    /** The settings of an enabled member with this id. */
    static ClusterSettings settings(String nodeId) {
        ClusterSettings settings = new ClusterSettings();
        settings.setEnabled(true);
        settings.setNodeId(nodeId);
        return settings.validate();
    }

    /** The camera's lock as ZooKeeper would hold it: this instance's while its view leads, else nobody's. */
    Optional<CameraLock> lock(String cameraId) {
        View camera = view(CameraClaim.NAMESPACE_PREFIX + cameraId);
        return camera.leader ? Optional.of(new CameraLock(getId(), camera.epoch, session)) : Optional.empty();
    }

    /** The view of this namespace, created (not started) if the code under test has not asked for it yet. */
    View view(String namespace) {
        return views.computeIfAbsent(namespace, View::new);
    }

    @Override
    protected View createView(String namespace) {
        return view(namespace);
    }

    @Override
    public void stopView(String namespace) throws Exception {
        restarts.add(namespace);
        super.stopView(namespace);
    }

    final class View extends AbstractCamelClusterView {

        /** What Curator's {@code hasLeadership()} would say. */
        volatile boolean leader;
        /** Whether this instance takes part in the election (Curator may drop it on a connection loss). */
        volatile boolean participating;
        /** Ids of the other instances taking part. */
        volatile List<String> others = List.of();
        /** Creation zxid of this instance's lock node, from its last leadership gained. */
        volatile long epoch;

        private final CamelClusterMember local = new Member(getId(), true, () -> leader);

        View(String namespace) {
            super(FakeClusterService.this, namespace);
        }

        /** This instance gains or loses the leadership, and the view says so. */
        void lead(boolean leads) {
            if (leads && !leader) {
                epoch = zxid.incrementAndGet();
            }
            leader = leads;
            fireLeadershipChangedEvent(leads ? local : null);
        }

        /** camel-zookeeper 4.18.0's loss event: fired while Curator still reports the leadership (CAMEL-24457). */
        void fireEarlyLoss() {
            fireLeadershipChangedEvent(local);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leader ? Optional.of(local) : Optional.empty();
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            List<CamelClusterMember> members = new ArrayList<>();
            if (participating) {
                members.add(local);
            }
            others.forEach(id -> members.add(new Member(id, false, () -> false)));
            return members;
        }

        @Override
        protected void doStart() {
            participating = true;
            if (camerasLeadOnStart && getNamespace().startsWith(CameraClaim.NAMESPACE_PREFIX)) {
                lead(true);
            }
        }

        @Override
        protected void doStop() {
            participating = false;
            leader = false;
            fireLeadershipChangedEvent((CamelClusterMember) null);
        }
    }

    private record Member(String getId, boolean isLocal, BooleanSupplier leads) implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            return leads.getAsBoolean();
        }
    }
}
