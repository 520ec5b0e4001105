package dev.edgevideo.sink;

import java.time.Duration;
import java.time.ZoneId;

import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.cluster.ClusterSettings;
import dev.edgevideo.security.BrokerTls;
import dev.edgevideo.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The connections to RabbitMQ and Redis and the beans the camera routes call, built from the sinks' settings
 * ({@link RabbitMqSettings}, {@link RedisSettings}, {@link WireSettings}), bound once from their keys, which the
 * environment overrides ({@code RABBITMQ_HOST}, {@code REDIS_PASSWORD}, ...); passwords may come from a file
 * ({@code *.password-file}) and both connections may use TLS ({@code edgevideo.*.tls.*}, see {@link BrokerTls}).
 * Timeouts are short on purpose: a camera's route waits for Redis and then RabbitMQ, so a broker that drops packets costs the other sink one
 * timeout per frame (500 ms by default) until the breaker opens, and a new connection at most the connect
 * timeout (2 s), never the AMQP client's default minute.
 */
public class SinkConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SinkConfiguration.class);

    private Bound bound;

    /** The sinks' settings, bound and checked once. */
    private record Bound(RabbitMqSettings rabbit, RedisSettings redis, WireFormat format) {
    }

    @BindToRegistry(value = "rabbitConnectionFactory", destroyMethod = "destroy")
    public CachingConnectionFactory rabbitConnectionFactory(CamelContext camelContext) {
        RabbitMqSettings rabbit = settings(camelContext).rabbit();
        RabbitMqSettings.Connection connection = rabbit.connection();
        int connectTimeoutMillis = rabbit.getConnectTimeoutMs();
        CachingConnectionFactory factory = new CachingConnectionFactory(connection.getHost(), connection.getPort());
        factory.setUsername(connection.getUsername());
        factory.setPassword(connection.password());
        factory.setVirtualHost(connection.getVhost());
        BrokerTls tls = rabbit.getTls();
        if (tls.isEnabled()) {
            factory.getRabbitConnectionFactory().useSslProtocol(tls.sslContext());
            if (tls.isVerifyHostname()) {
                factory.getRabbitConnectionFactory().enableHostnameVerification();
            }
        }
        factory.setConnectionTimeout(connectTimeoutMillis);
        // The AMQP client waits 10 s for a handshake and 10 min for a channel RPC (queue declarations) by
        // default: a broker that accepts TCP but does not answer would hold a camera route that long. The RPC
        // timeout is short like the confirm's: a publish whose confirm timed out closes its channel, and over a
        // black hole that close waits the RPC timeout on the camera's route too (2 s at the connect timeout).
        factory.getRabbitConnectionFactory().setHandshakeTimeout(connectTimeoutMillis);
        factory.getRabbitConnectionFactory().setChannelRpcTimeout(rabbit.getRpcTimeoutMs());
        factory.setChannelCacheSize(rabbit.getChannelCacheSize());
        // The client drops a connection after two missed heartbeats, and from then on every trial frame of an open
        // breaker opens a new one, holding its camera's route for the handshake timeout. A dead broker is noticed
        // anyway (a refused connection at once, an unconfirmed frame within confirm-timeout-ms), so the heartbeat
        // only decides how long a silent link is waited out on the cheap path: 30 s gives about a minute.
        factory.setRequestedHeartBeat(30);
        // A frame counts as published only once the broker confirmed it: the producer waits for the confirm.
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setConnectionNameStrategy(connectionFactory -> "edge-video");
        // A channel the broker closes (a refused publish, a queue declared with other arguments) is logged by Spring
        // at ERROR on every frame; SinkOutcomes already says it once per state change with the fix.
        factory.setCloseExceptionLogger((logger, message, cause) -> logger.debug(message + ": " + cause));
        // Likewise the AMQP client logs every failed connection attempt (a WARN a second through a long black hole,
        // once its heartbeat is missed): SinkOutcomes says once that RabbitMQ is away and once that it is back.
        factory.getRabbitConnectionFactory().setExceptionHandler(new ForgivingExceptionHandler() {
            @Override
            public void handleUnexpectedConnectionDriverException(com.rabbitmq.client.Connection connection,
                                                                  Throwable exception) {
                LOG.debug("RabbitMQ connection failed: {}", exception.toString());
            }
        });
        return factory;
    }

    @BindToRegistry(value = "redisConnectionFactory", destroyMethod = "destroy")
    public JedisConnectionFactory redisConnectionFactory(CamelContext camelContext) {
        RedisSettings redis = settings(camelContext).redis();
        RedisSettings.Connection connection = redis.connection();
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(connection.getHost(),
                connection.getPort());
        server.setDatabase(connection.getDatabase());
        String password = connection.password();
        if (!password.isEmpty()) {
            server.setPassword(password);
        }
        int poolSize = redis.getPoolSize();
        Duration timeout = Duration.ofMillis(redis.getTimeoutMs());
        JedisPoolConfig pool = new JedisPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(timeout);
        JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
                .connectTimeout(timeout).readTimeout(timeout);
        BrokerTls tls = redis.getTls();
        if (tls.isEnabled()) {
            client.useSsl().sslSocketFactory(tls.sslContext().getSocketFactory()).sslParameters(tls.sslParameters());
        }
        client.usePooling().poolConfig(pool);
        JedisConnectionFactory factory = new JedisConnectionFactory(server, client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** Keys as strings, values as raw bytes: JPEGs and JSON go to Redis as they are, never Java-serialized. */
    @BindToRegistry("redisTemplate")
    public RedisTemplate<String, byte[]> redisTemplate(JedisConnectionFactory redisConnectionFactory) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(redisConnectionFactory);
        template.setKeySerializer(StringRedisSerializer.UTF_8);
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashKeySerializer(StringRedisSerializer.UTF_8);
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return template;
    }

    @BindToRegistry("rabbitTopology")
    public RabbitTopology rabbitTopology(CamelContext camelContext, CachingConnectionFactory rabbitConnectionFactory) {
        RabbitMqSettings.Queue queue = settings(camelContext).rabbit().getQueue();
        return new RabbitTopology(rabbitConnectionFactory, queue.isDeclare(), queue.getMaxLength(),
                queue.getOverflow());
    }

    @BindToRegistry("cameraStatusEvents")
    public CameraStatusEvents cameraStatusEvents(CamelContext camelContext) {
        Bound settings = settings(camelContext);
        CameraRegistry cameras = cameras(camelContext);
        CameraStatusEvents events = new CameraStatusEvents(camelContext.createProducerTemplate(), cameras,
                settings.format(), settings.rabbit().getStatusRoutingKey(), settings.rabbit().getSystemRoutingKey(),
                ZoneId.systemDefault());
        cameras.addListener(events);
        return events;
    }

    /**
     * The outcome recorder, and with it the per-frame steps of the pipeline ({@link FrameSinks}) bound as
     * processors: a direct call per step, no bean binding or expression. Bound here, in one method, because
     * camel-main creates configuration beans in no fixed order.
     */
    @BindToRegistry("sinkOutcomes")
    public SinkOutcomes sinkOutcomes(CamelContext camelContext, RedisTemplate<String, byte[]> redisTemplate) {
        Bound settings = settings(camelContext);
        SinkOutcomes outcomes = new SinkOutcomes(cameras(camelContext), settings.rabbit().connection().address(),
                settings.redis().connection().address());
        String nodeId = ClusterSettings.fromProperties(
                key -> camelContext.getPropertiesComponent().resolveProperty(key).orElse(null)).nodeId();
        FrameSinks sinks = new FrameSinks(outcomes, redisTemplate, settings.redis().frames(settings.format(),
                settings.rabbit().getBody(), nodeId, ZoneId.systemDefault()));
        Registry registry = camelContext.getRegistry();
        registry.bind("prepareSinks", Processor.class, (Processor) sinks::prepare);
        registry.bind("redisFrame", Processor.class, (Processor) sinks::redisFrame);
        registry.bind("redisLatest", Processor.class, (Processor) sinks::redisLatest);
        registry.bind("redisMetadata", Processor.class, (Processor) sinks::redisMetadata);
        registry.bind("redisStream", Processor.class, (Processor) sinks::redisStream);
        registry.bind("redisPipeline", Processor.class, (Processor) sinks::redisPipeline);
        registry.bind("redisStored", Processor.class, (Processor) sinks::redisStored);
        registry.bind("redisDropped", Processor.class, (Processor) sinks::redisDropped);
        registry.bind("rabbitMessage", Processor.class, (Processor) sinks::rabbitMessage);
        registry.bind("rabbitMetadata", Processor.class, (Processor) sinks::rabbitMetadata);
        registry.bind("rabbitConfirmed", Processor.class, (Processor) sinks::rabbitConfirmed);
        registry.bind("rabbitDropped", Processor.class, (Processor) sinks::rabbitDropped);
        return outcomes;
    }

    /**
     * Per-camera length of the Redis Streams, sampled off the frame path (only with streams on), every
     * {@code edgevideo.metrics.system-interval-seconds} (the metrics' key); a service of the context.
     */
    @BindToRegistry(RedisStreamLengths.BEAN)
    public RedisStreamLengths redisStreamLengths(CamelContext camelContext, RedisTemplate<String, byte[]> redisTemplate,
            @PropertyInject("edgevideo.metrics.system-interval-seconds") long intervalSeconds) throws Exception {
        CameraRegistry cameras = cameras(camelContext);
        RedisStreamLengths lengths = new RedisStreamLengths(camelContext, redisTemplate, cameras,
                settings(camelContext).redis().getStream().isEnabled(), Duration.ofSeconds(intervalSeconds));
        cameras.addListener(lengths);
        camelContext.addService(lengths, true, true);
        return lengths;
    }

    /** The sinks' settings, bound by the first bean that needs them (camel-main creates beans in no fixed order). */
    private synchronized Bound settings(CamelContext camelContext) {
        if (bound == null) {
            Settings settings = new Settings(camelContext);
            bound = new Bound(RabbitMqSettings.bind(settings), RedisSettings.bind(settings),
                    settings.bind(WireSettings.PREFIX, new WireSettings()).getFormat());
        }
        return bound;
    }

    private static CameraRegistry cameras(CamelContext camelContext) {
        return camelContext.getComponent("camera", CameraComponent.class).getRegistry();
    }
}
