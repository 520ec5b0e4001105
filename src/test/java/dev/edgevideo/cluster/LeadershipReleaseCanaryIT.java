package dev.edgevideo.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;

import dev.edgevideo.testing.CapturedLogs;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.task.ForegroundTask;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.junit.jupiter.api.Test;

/**
 * Canary for the filter on {@code ForegroundTask} in {@code log4j2.xml}: camel-zookeeper 4.18.0 gives up a leadership
 * by interrupting its election thread, which waits in a {@code ForegroundTask} that logs every interrupt at WARN, so
 * each camera handed over (a rebalance, a SIGTERM) logged "Interrupted camel-repeatable-task while waiting for the
 * repeatable task to finish". The service's logging drops that line. When this test fails after a Camel upgrade,
 * Camel gives a leadership up without the warning: remove the filter and this canary. Needs the local ZooKeeper.
 */
class LeadershipReleaseCanaryIT {

    private static final String WARNING = "Interrupted camel-repeatable-task while waiting for the repeatable task";

    @Test
    void camelWarnsWhenItGivesALeadershipUpAndTheServiceLogsDropTheLine() throws Exception {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        LoggerConfig taskLogger = logging.getConfiguration().getLoggerConfig(ForegroundTask.class.getName());
        assertThat(taskLogger.getName()).as("log4j2.xml configures the task's logger").isEqualTo(
                ForegroundTask.class.getName());
        try (CapturedLogs logs = CapturedLogs.capture(); CamelContext context = new DefaultCamelContext()) {
            ZooKeeperClusterService cluster = new ZooKeeperClusterService();
            cluster.setId("canary");
            cluster.setNodes("127.0.0.1:2181");
            cluster.setBasePath("/edge-video-it/leadership-canary-" + UUID.randomUUID());
            context.addService(cluster);
            context.start();

            leadAndGiveUp(cluster, "camera-filtered");
            assertThat(logs.lines()).as("the service's logs").noneMatch(line -> line.contains(WARNING));

            Filter filter = taskLogger.getFilter();
            taskLogger.removeFilter(filter);
            logging.updateLoggers();
            try {
                leadAndGiveUp(cluster, "camera-unfiltered");
                await().atMost(5, SECONDS).untilAsserted(() -> assertThat(logs.lines()).as("Camel's own warning")
                        .anyMatch(line -> line.startsWith("WARN") && line.contains(WARNING)));
            } finally {
                taskLogger.addFilter(filter);
                logging.updateLoggers();
            }
        }
    }

    /** Takes the view's leadership, releases the view as a claim withdrawing does, and waits until Curator let go. */
    private static void leadAndGiveUp(ZooKeeperClusterService cluster, String namespace) throws Exception {
        CamelClusterView view = cluster.getView(namespace);
        await().atMost(20, SECONDS).until(() -> view.getLocalMember().isLeader());
        cluster.releaseView(view);
        await().atMost(10, SECONDS).until(() -> !view.getLocalMember().isLeader());
    }
}
