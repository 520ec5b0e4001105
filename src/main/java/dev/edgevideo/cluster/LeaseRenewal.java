package dev.edgevideo.cluster;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the {@link SessionLease} twice a second with the cheapest request ZooKeeper answers (does {@code /}
 * exist), sent on Curator's current ZooKeeper handle without waiting for the answer: the answer names the session
 * it came on, which Curator's own calls (retried on a new session after an expiry) would not. On its own thread, so
 * a slow ownership pass never lets the lease run out.
 * <p>
 * Also starts and closes the Curator client with the context (first and last): the cluster service only borrows it.
 */
final class LeaseRenewal extends ServiceSupport {

    static final long INTERVAL_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewal.class);

    private final CamelContext camelContext;
    private final CuratorFramework curator;
    private final SessionLease lease;
    private ScheduledExecutorService scheduler;

    LeaseRenewal(CamelContext camelContext, CuratorFramework curator, SessionLease lease) {
        this.camelContext = camelContext;
        this.curator = curator;
        this.lease = lease;
    }

    @Override
    protected void doStart() {
        curator.start();
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SessionLease");
        scheduler.scheduleWithFixedDelay(this::renew, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
        curator.close();
    }

    private void renew() {
        try {
            ZooKeeper zookeeper = curator.getZookeeperClient().getZooKeeper();
            long session = zookeeper.getSessionId();
            long sent = lease.now();
            zookeeper.exists("/", false, (code, path, context, stat) -> {
                if (code == KeeperException.Code.OK.intValue()) {
                    lease.answered(session, sent, Duration.ofMillis(zookeeper.getSessionTimeout()));
                }
            }, null);
        } catch (Exception e) {
            LOG.debug("Cannot renew the session lease: {}", e.getMessage());
        }
    }
}
