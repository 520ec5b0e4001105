package dev.edgevideo.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.edgevideo.settings.Settings;

/**
 * The {@code edgevideo.cluster.*} settings, bound by {@link Settings} and checked once by {@link #validate()}, so a
 * typo stops start-up with a message naming the key instead of a ZooKeeper client that never connects.
 */
public final class ClusterSettings {

    public static final String PREFIX = "edgevideo.cluster.";

    /** A node id travels in ZooKeeper data, JSON and metric labels: keep it to a safe alphabet. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    private boolean enabled;
    private String zookeeper = "127.0.0.1:2181";
    private String nodeId = defaultNodeId();
    private long sessionTimeoutSeconds = 6;
    private String basePath = "/edge-video";

    /** Whether this instance shares its cameras with others through ZooKeeper. Off by default. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** ZooKeeper connect string, {@code host:port[,host:port...]}. */
    public void setZookeeper(String zookeeper) {
        this.zookeeper = zookeeper;
    }

    /** This instance's id among the members, unique in the cluster; host name and process id by default. */
    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    /**
     * How long ZooKeeper keeps a silent instance's session, hence its cameras: the failover time of a killed
     * instance. 4 to 40 s, what ZooKeeper servers accept with their default tickTime of 2 s.
     */
    public void setSessionTimeoutSeconds(long sessionTimeoutSeconds) {
        this.sessionTimeoutSeconds = sessionTimeoutSeconds;
    }

    /** ZooKeeper path under which the members and the camera locks live; instances with the same path share cameras. */
    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    /** Checks every value; returns this. */
    public ClusterSettings validate() {
        Settings.require(!zookeeper.isBlank(), PREFIX + "zookeeper", zookeeper, "host:port[,host:port...]");
        Settings.require(NODE_ID.matcher(nodeId).matches(), PREFIX + "node-id", nodeId,
                "1 to 128 letters, digits, '.', '_', ':' or '-'");
        Settings.require(sessionTimeoutSeconds >= 4 && sessionTimeoutSeconds <= 40, PREFIX + "session-timeout-seconds",
                sessionTimeoutSeconds, "4 to 40 seconds");
        Settings.require(BASE_PATH.matcher(basePath).matches(), PREFIX + "base-path", basePath,
                "an absolute ZooKeeper path such as /edge-video");
        return this;
    }

    public boolean enabled() {
        return enabled;
    }

    public String zookeeper() {
        return zookeeper;
    }

    public String nodeId() {
        return nodeId;
    }

    public Duration sessionTimeout() {
        return Duration.ofSeconds(sessionTimeoutSeconds);
    }

    public String basePath() {
        return basePath;
    }

    /** Host name and process id: unique per instance on one machine and across machines. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
    }
}
