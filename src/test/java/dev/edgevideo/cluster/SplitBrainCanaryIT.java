package dev.edgevideo.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;

import dev.edgevideo.testing.PausableTcpProxy;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;

/**
 * Canary for CAMEL-24457, the reason {@link ZooKeeperSplitBrainFence} exists: with Camel's own clustered route
 * policy, a leader cut off from ZooKeeper keeps its route running long after its session expired (when another
 * instance may already consume the same camera). When this test fails after a Camel upgrade, Camel stops the
 * route by itself: remove the fence and this canary.
 */
class SplitBrainCanaryIT {

    @Test
    void camelKeepsALeaderCutOffFromZooKeeperConsumingPastItsSession() throws Exception {
        try (PausableTcpProxy proxy = new PausableTcpProxy(2181); CamelContext context = new DefaultCamelContext()) {
            ZooKeeperClusterService cluster = new ZooKeeperClusterService();
            cluster.setId("canary");
            cluster.setNodes("127.0.0.1:" + proxy.port());
            cluster.setBasePath("/edge-video-it/canary-" + UUID.randomUUID());
            cluster.setSessionTimeout(6000); // ms
            context.addService(cluster);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() throws Exception {
                    from("timer:canary?period=200").routeId("canary")
                            .routePolicy(ClusteredRoutePolicy.forNamespace(context, "camera-canary"))
                            .log("consuming");
                }
            });
            context.start();
            await().atMost(20, SECONDS).until(() -> context.getRouteController().getRouteStatus("canary")
                                                    == ServiceStatus.Started);

            proxy.pause();
            // Session timeout (6 s) and then some: by now another instance would have taken the camera over.
            await().during(12, SECONDS).atMost(14, SECONDS).until(() -> context.getRouteController()
                    .getRouteStatus("canary") == ServiceStatus.Started);
            assertThat(cluster.isLeader("camera-canary")).as("Camel still believes it leads").isFalse();
            proxy.resume();
        }
    }
}
