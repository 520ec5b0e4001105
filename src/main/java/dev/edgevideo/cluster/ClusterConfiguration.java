package dev.edgevideo.cluster;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.edgevideo.camera.CameraRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorHelper;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.curator.framework.CuratorFramework;

/**
 * When {@code edgevideo.cluster.enabled}, adds the ZooKeeper cluster service, the camera ownership
 * with its route policy, the split-brain fence, metrics and the {@code cluster} readiness check. Binds
 * {@value ClusterApi#BEAN}, which the cluster route calls, either way.
 * <p>
 * The cluster service is added to the context here, not bound with {@code camel.beans.*}: camel-main (4.18) has no
 * {@code camel.cluster.*} keys and looks cluster services up before it creates those beans (canary:
 * {@code CamelWorkaroundsCanaryTest.camelMainHasNoClusterOptions}).
 */
public final class ClusterConfiguration {

    private ClusterConfiguration() {
    }

    /** Joins the cluster (meters included) when enabled, else answers for this one node; binds the API either way. */
    public static CameraCluster start(CamelContext camelContext, ClusterSettings settings, CameraRegistry cameras,
                                      MeterRegistry meters) throws Exception {
        CameraCluster cluster = settings.enabled() ? join(camelContext, settings, meters)
                : new SingleNode(settings.nodeId());
        camelContext.getRegistry().bind(ClusterApi.BEAN, new ClusterApi(cameras, cluster));
        return cluster;
    }

    private static CameraOwnership join(CamelContext camelContext, ClusterSettings settings, MeterRegistry meters)
            throws Exception {
        ZooKeeperCuratorConfiguration zookeeper = new ZooKeeperCuratorConfiguration();
        zookeeper.setNodes(settings.zookeeper());
        zookeeper.setBasePath(settings.basePath());
        zookeeper.setSessionTimeout(settings.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // An operation waits at most a session for a connection, so a pass of the ownership loop is never stuck
        // longer than it takes the others to take over.
        zookeeper.setConnectionTimeout(settings.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // Our own Curator client, so the fence can watch its connection (the service keeps its own one private).
        CuratorFramework curator = ZooKeeperCuratorHelper.createCurator(zookeeper);
        ZooKeeperClusterService clusterService = new ZooKeeperClusterService(zookeeper);
        clusterService.setId(settings.nodeId());
        clusterService.setCuratorFramework(curator);

        Clock clock = Clock.systemUTC();
        SessionLease lease = new SessionLease(System::nanoTime);
        Function<String, Optional<CameraLock>> locks = cameraId -> CameraLock.read(curator, settings.basePath(),
                cameraId);
        CameraOwnership ownership = new CameraOwnership(camelContext, settings, clusterService,
                new OwnerDirectory(cameraId -> locks.apply(cameraId).map(CameraLock::holder), clock), locks, lease,
                clock);
        curator.getConnectionStateListenable().addListener(new ZooKeeperSplitBrainFence(ownership));
        // Started in this order, stopped in reverse: the ownership releases its cameras before the views stop,
        // and the Curator client closes last.
        camelContext.addService(new LeaseRenewal(camelContext, curator, lease), true, true);
        camelContext.addService(clusterService, true, true);
        camelContext.addService(ownership, true, true);
        camelContext.addRoutePolicyFactory((context, routeId, route) -> new CameraRoutePolicy(ownership));
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                ownership.leave(); // before the routes stop, so the others take each camera as soon as it stops here
            }
        });
        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health != null) {
            health.register(new ClusterHealthCheck(ownership, settings));
        }
        new ClusterMetrics(ownership).bindTo(meters);
        return ownership;
    }
}
