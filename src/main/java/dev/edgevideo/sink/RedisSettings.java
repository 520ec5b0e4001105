package dev.edgevideo.sink;

import java.time.ZoneId;

import dev.edgevideo.security.BrokerTls;
import dev.edgevideo.settings.Settings;

/**
 * The {@code edgevideo.redis.*} settings, bound by {@link Settings}, and with them the connection's {@code redis.*}
 * keys ({@link Connection}). The keys frames are stored under are described in docs/wire-formats.md.
 */
public class RedisSettings {

    public static final String PREFIX = "edgevideo.redis.";

    private final Connection connection = new Connection();
    private String keyVhost = "";
    private String keyPrefix = "edgevideo";
    private long ttlSeconds = 300;
    private String channel = "edgevideo:frames";
    private int timeoutMs = 500;
    private int poolSize = 64;
    private final Latest latest = new Latest();
    private final Stream stream = new Stream();
    private final BrokerTls tls = new BrokerTls(PREFIX + "tls.");

    /** Binds the {@code edgevideo.redis.*} and {@code redis.*} keys of the context. */
    public static RedisSettings bind(Settings settings) {
        RedisSettings redis = settings.bind(PREFIX, new RedisSettings());
        settings.bind(Connection.PREFIX, redis.connection);
        return redis;
    }

    /**
     * The {@code {vhost}} segment that starts every frame key: an AMQP vhost name ({@code /} is "default");
     * empty: none.
     */
    public void setKeyVhost(String keyVhost) {
        this.keyVhost = keyVhost;
    }

    /** The first part of every frame key. */
    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** How long frames (and {@code :latest}) live in Redis, at least 1; in the seed format also the AMQP expiration. */
    public void setTtlSeconds(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    /** The pub/sub channel of the frames' metadata. */
    public void setChannel(String channel) {
        this.channel = channel;
    }

    /**
     * Connect and read timeout of every command, and the pool's wait; short, as a black-holed Redis costs it per frame.
     */
    public void setTimeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Connections in the pool. */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Latest getLatest() {
        return latest;
    }

    public Stream getStream() {
        return stream;
    }

    public BrokerTls getTls() {
        return tls;
    }

    public Connection connection() {
        return connection;
    }

    public int getTimeoutMs() {
        return timeoutMs;
    }

    public int getPoolSize() {
        return poolSize;
    }

    /** What the frame path writes, checked. */
    FrameSinks.Settings frames(WireFormat format, FrameSinks.Body body, String nodeId, ZoneId zone) {
        return new FrameSinks.Settings(format, keyVhost, keyPrefix, ttlSeconds, channel, nodeId, body,
                stream.maxLength, zone);
    }

    /** The {@code redis.*} keys: the server and the database. */
    public static class Connection extends BrokerConnection {

        public static final String PREFIX = "redis.";

        private int database;

        Connection() {
            super(PREFIX, 6379, "");
        }

        /** The database number. */
        public void setDatabase(int database) {
            this.database = database;
        }

        public int getDatabase() {
            return database;
        }
    }

    /** {@code latest.*}: each camera's newest frame under {@code <key-prefix>:<cameraId>:latest}. */
    public static class Latest {

        private boolean enabled = true;

        /** Whether the latest frame is written (read by the pipeline route). */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * {@code stream.*}: per frame {@code XADD edgevideo:stream:<cameraId> MAXLEN ~ max-length} with the metadata and
     * {@code redis_key}, for consumer groups; lengths on {@code /metrics} ({@link RedisStreamLengths}).
     */
    public static class Stream {

        private boolean enabled;
        private long maxLength = 1000;

        /** Whether frames are added to the camera's stream. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The approximate length a stream is trimmed to, at least 1. */
        public void setMaxLength(long maxLength) {
            this.maxLength = maxLength;
        }

        public boolean isEnabled() {
            return enabled;
        }
    }
}
