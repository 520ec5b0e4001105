package dev.edgevideo.sink;

import dev.edgevideo.security.BrokerTls;
import dev.edgevideo.settings.Settings;

/**
 * The {@code edgevideo.rabbitmq.*} settings, bound by {@link Settings}, and with them the connection's
 * {@code rabbitmq.*} keys ({@link Connection}). The keys only the routes read, as placeholders (the exchanges, the
 * metadata group, the confirm timeout), are declared here too: checked at start-up and documented in one place.
 */
public class RabbitMqSettings {

    public static final String PREFIX = "edgevideo.rabbitmq.";

    private final Connection connection = new Connection();
    private String exchange = "edgevideo.frames";
    private String eventsExchange = "edgevideo.events";
    private String statusRoutingKey = "camera.{cameraId}.status";
    private String systemRoutingKey = "";
    private FrameSinks.Body body = FrameSinks.Body.JPEG;
    private long confirmTimeoutMs = 500;
    private int connectTimeoutMs = 2000;
    private int rpcTimeoutMs = 500;
    private int channelCacheSize = 64;
    private final Metadata metadata = new Metadata();
    private final Queue queue = new Queue();
    private final BrokerTls tls = new BrokerTls(PREFIX + "tls.");

    /** Binds the {@code edgevideo.rabbitmq.*} and {@code rabbitmq.*} keys of the context. */
    public static RabbitMqSettings bind(Settings settings) {
        RabbitMqSettings rabbit = settings.bind(PREFIX, new RabbitMqSettings());
        settings.bind(Connection.PREFIX, rabbit.connection);
        return rabbit;
    }

    /**
     * The durable topic exchange frames go to, with routing key {@code camera.<cameraId>}; a camera may override it.
     */
    public void setExchange(String exchange) {
        this.exchange = exchange;
    }

    /** The topic exchange of the {@code camera_status} (and {@code system_status}) events. */
    public void setEventsExchange(String eventsExchange) {
        this.eventsExchange = eventsExchange;
    }

    /** Routing key of a camera's status events; {@code {cameraId}} is replaced by the camera's id. */
    public void setStatusRoutingKey(String statusRoutingKey) {
        this.statusRoutingKey = statusRoutingKey;
    }

    /** Routing key of the {@code system_status} events, sent when the number of active cameras changes; empty: none. */
    public void setSystemRoutingKey(String systemRoutingKey) {
        this.systemRoutingKey = systemRoutingKey;
    }

    /** What the frame message carries: {@code jpeg}, the frame, or {@code redis-key}, its Redis key as text. */
    public void setBody(FrameSinks.Body body) {
        this.body = body;
    }

    /** How long a publish waits for the broker's confirm; short, as a black-holed broker costs it per frame. */
    public void setConfirmTimeoutMs(long confirmTimeoutMs) {
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    /** TCP connect and AMQP handshake timeout. */
    public void setConnectTimeoutMs(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** Longest wait for any other AMQP call: channel open and close, declarations. */
    public void setRpcTimeoutMs(int rpcTimeoutMs) {
        this.rpcTimeoutMs = rpcTimeoutMs;
    }

    /** AMQP channels kept open for publishing. */
    public void setChannelCacheSize(int channelCacheSize) {
        this.channelCacheSize = channelCacheSize;
    }

    public Metadata getMetadata() {
        return metadata;
    }

    public Queue getQueue() {
        return queue;
    }

    public BrokerTls getTls() {
        return tls;
    }

    public Connection connection() {
        return connection;
    }

    public String getStatusRoutingKey() {
        return statusRoutingKey;
    }

    public String getSystemRoutingKey() {
        return systemRoutingKey;
    }

    public FrameSinks.Body getBody() {
        return body;
    }

    public int getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public int getRpcTimeoutMs() {
        return rpcTimeoutMs;
    }

    public int getChannelCacheSize() {
        return channelCacheSize;
    }

    /** The {@code rabbitmq.*} keys: the broker and the login. */
    public static class Connection extends BrokerConnection {

        public static final String PREFIX = "rabbitmq.";

        private String username = "guest";
        private String vhost = "/";

        Connection() {
            super(PREFIX, 5672, "guest");
        }

        /** The user the service logs in as. */
        public void setUsername(String username) {
            this.username = username;
        }

        /** The virtual host. */
        public void setVhost(String vhost) {
            this.vhost = vhost;
        }

        public String getUsername() {
            return username;
        }

        public String getVhost() {
            return vhost;
        }
    }

    /** {@code metadata.*}: each frame's metadata JSON on RabbitMQ too, after the frame message. */
    public static class Metadata {

        private boolean enabled;
        private String exchange = "edgevideo.events";
        private String routingKey = "frame.metadata";

        /** Whether the metadata message is sent (for consumers that do not read Redis). */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Its exchange. */
        public void setExchange(String exchange) {
            this.exchange = exchange;
        }

        /** Its routing key. */
        public void setRoutingKey(String routingKey) {
            this.routingKey = routingKey;
        }
    }

    /** {@code queue.*}: per camera a durable bounded queue {@code edgevideo.frames.<cameraId>} on the exchange. */
    public static class Queue {

        private boolean declare = true;
        private long maxLength = 100;
        private RabbitTopology.Overflow overflow = RabbitTopology.Overflow.DROP_HEAD;

        /** Whether the service declares the queue and its binding; false: they are used as they are. */
        public void setDeclare(boolean declare) {
            this.declare = declare;
        }

        /** Its {@code x-max-length}. */
        public void setMaxLength(long maxLength) {
            this.maxLength = maxLength;
        }

        /** Its {@code x-overflow}: {@code drop-head} (the oldest frame goes), {@code reject-publish(-dlx)}. */
        public void setOverflow(RabbitTopology.Overflow overflow) {
            this.overflow = overflow;
        }

        public boolean isDeclare() {
            return declare;
        }

        public long getMaxLength() {
            return maxLength;
        }

        public RabbitTopology.Overflow getOverflow() {
            return overflow;
        }
    }
}
