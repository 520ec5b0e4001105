package dev.edgevideo.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code edgevideo.cluster.*} settings. Every value is checked when read, so a typo stops start-up with a
 * message naming the key instead of a ZooKeeper client that never connects.
 *
 * @param enabled        whether this instance shares its cameras with others through ZooKeeper
 * @param zookeeper      ZooKeeper connect string, {@code host:port[,host:port...]}
 * @param nodeId         this instance's id among the members; unique in the cluster
 * @param sessionTimeout how long ZooKeeper keeps a silent instance's session, hence its cameras: the failover
 *                       time of a killed instance
 * @param basePath       ZooKeeper path under which the members and the camera locks live; instances with the same
 *                       path share cameras
 */
public record ClusterSettings(boolean enabled, String zookeeper, String nodeId, Duration sessionTimeout,
                              String basePath) {

    public static final String PREFIX = "edgevideo.cluster.";
    public static final String KEY_ENABLED = PREFIX + "enabled";
    public static final String KEY_ZOOKEEPER = PREFIX + "zookeeper";
    public static final String KEY_NODE_ID = PREFIX + "node-id";
    public static final String KEY_SESSION_TIMEOUT_SECONDS = PREFIX + "session-timeout-seconds";
    public static final String KEY_BASE_PATH = PREFIX + "base-path";

    static final String DEFAULT_ZOOKEEPER = "127.0.0.1:2181";
    static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
    static final String DEFAULT_BASE_PATH = "/edge-video";

    /** A node id travels in ZooKeeper data, JSON and metric labels: keep it to a safe alphabet. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");

    public ClusterSettings {
        Objects.requireNonNull(zookeeper, "zookeeper");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(basePath, "basePath");
        if (zookeeper.isBlank()) {
            throw invalid(KEY_ZOOKEEPER, zookeeper, "host:port[,host:port...]");
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw invalid(KEY_NODE_ID, nodeId, "1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        // ZooKeeper servers accept 4 s to 40 s with their default tickTime of 2 s.
        if (sessionTimeout.compareTo(Duration.ofSeconds(4)) < 0 || sessionTimeout.compareTo(Duration.ofSeconds(40)) > 0) {
            throw invalid(KEY_SESSION_TIMEOUT_SECONDS, Long.toString(sessionTimeout.toSeconds()), "4 to 40 seconds");
        }
        if (!BASE_PATH.matcher(basePath).matches()) {
            throw invalid(KEY_BASE_PATH, basePath, "an absolute ZooKeeper path such as /edge-video");
        }
    }

    /** Reads the settings; {@code lookup} answers a key's value or null (Camel's properties, with env overrides). */
    public static ClusterSettings fromProperties(Function<String, String> lookup) {
        String enabled = value(lookup, KEY_ENABLED, "false").toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw invalid(KEY_ENABLED, enabled, "true or false");
        }
        String timeout = value(lookup, KEY_SESSION_TIMEOUT_SECONDS, Long.toString(DEFAULT_SESSION_TIMEOUT.toSeconds()));
        Duration sessionTimeout;
        try {
            sessionTimeout = Duration.ofSeconds(Long.parseLong(timeout));
        } catch (NumberFormatException e) {
            throw invalid(KEY_SESSION_TIMEOUT_SECONDS, timeout, "a whole number of seconds");
        }
        return new ClusterSettings(Boolean.parseBoolean(enabled), value(lookup, KEY_ZOOKEEPER, DEFAULT_ZOOKEEPER),
                value(lookup, KEY_NODE_ID, defaultNodeId()), sessionTimeout, value(lookup, KEY_BASE_PATH, DEFAULT_BASE_PATH));
    }

    /** Host name and process id: unique per instance on one machine and across machines. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String safeHost = host.replaceAll("[^A-Za-z0-9._-]", "-");
        return safeHost + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static String value(Function<String, String> lookup, String key, String defaultValue) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return new IllegalArgumentException(key + " = '" + value + "' is not valid: expected " + expected
                                            + " (config/application.properties or the environment variable "
                                            + variable + ")");
    }
}
