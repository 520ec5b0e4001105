package dev.edgevideo.sink;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.security.BrokerTls;
import dev.edgevideo.settings.Settings;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
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
 * The RabbitMQ and Redis sinks as the composition root builds them: the connections, the outcome recorder, the
 * per-frame steps the camera routes call by name ({@link #routeBeans()}), the camera status events and the Redis
 * Streams' lengths, all from the sinks' settings ({@link RabbitMqSettings}, {@link RedisSettings},
 * {@link WireSettings}), bound once. A service of the context: started with it, and closing its connections when
 * it stops, after the routes.
 * <p>
 * Timeouts are short on purpose: a camera's route waits for Redis and then RabbitMQ, so a broker that drops
 * packets costs the other sink one timeout per frame (500 ms by default) until the breaker opens, and a new
 * connection at most the connect timeout (2 s), never the AMQP client's default minute.
 */
public final class Sinks extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

    private final CachingConnectionFactory rabbitConnectionFactory;
    private final JedisConnectionFactory redisConnectionFactory;
    private final RedisTemplate<String, byte[]> redisTemplate;
    private final SinkOutcomes outcomes;
    private final FrameSinks frames;
    private final RabbitTopology topology;
    private final RedisStreamLengths streamLengths;

    /**
     * @param nodeId         this instance's id, written into the frame metadata
     * @param sampleInterval how often the Redis Streams' lengths are read (with streams on)
     */
    public Sinks(CamelContext camelContext, CameraRegistry cameras, Settings settings, String nodeId,
                 Duration sampleInterval) {
        RabbitMqSettings rabbit = RabbitMqSettings.bind(settings);
        RedisSettings redis = RedisSettings.bind(settings);
        WireFormat format = settings.bind(WireSettings.PREFIX, new WireSettings()).getFormat();
        rabbitConnectionFactory = rabbitConnectionFactory(rabbit);
        redisConnectionFactory = redisConnectionFactory(redis);
        redisTemplate = redisTemplate(redisConnectionFactory);
        outcomes = new SinkOutcomes(cameras, rabbit.connection().address(), redis.connection().address());
        frames = new FrameSinks(outcomes, redisTemplate, redis.frames(format, rabbit.getBody(), nodeId,
                ZoneId.systemDefault()));
        RabbitMqSettings.Queue queue = rabbit.getQueue();
        topology = new RabbitTopology(rabbitConnectionFactory, queue.isDeclare(), queue.getMaxLength(),
                queue.getOverflow());
        cameras.addListener(new CameraStatusEvents(camelContext.createProducerTemplate(), cameras, format,
                rabbit.getStatusRoutingKey(), rabbit.getSystemRoutingKey(), ZoneId.systemDefault()));
        streamLengths = new RedisStreamLengths(camelContext, redisTemplate, cameras, redis.getStream().isEnabled(),
                sampleInterval);
        cameras.addListener(streamLengths);
    }

    /**
     * The beans the YAML routes reference, by name: the per-frame steps ({@link FrameSinks}, {@link SinkOutcomes})
     * as processors, a direct call each with no bean binding or expression; the topology; the RabbitMQ connection
     * factory, which camel-spring-rabbitmq's endpoints find in the registry; and the Redis template the
     * {@code spring-redis:} endpoints name ({@code redisTemplate=#redisTemplate}).
     */
    public Map<String, Object> routeBeans() {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("rabbitConnectionFactory", rabbitConnectionFactory);
        beans.put("redisTemplate", redisTemplate);
        beans.put("rabbitTopology", topology);
        beans.put("prepareSinks", (Processor) frames::prepare);
        beans.put("redisFrame", (Processor) frames::redisFrame);
        beans.put("redisLatest", (Processor) frames::redisLatest);
        beans.put("redisMetadata", (Processor) frames::redisMetadata);
        beans.put("redisStream", (Processor) frames::redisStream);
        beans.put("redisStored", (Processor) frames::redisStored);
        beans.put("redisDropped", (Processor) exchange -> outcomes.dropped(exchange, Sink.REDIS));
        beans.put("rabbitMessage", (Processor) frames::rabbitMessage);
        beans.put("rabbitMetadata", (Processor) frames::rabbitMetadata);
        beans.put("rabbitConfirmed", (Processor) exchange -> outcomes.published(exchange, Sink.RABBITMQ));
        beans.put("rabbitDropped", (Processor) exchange -> outcomes.dropped(exchange, Sink.RABBITMQ));
        return beans;
    }

    public SinkOutcomes outcomes() {
        return outcomes;
    }

    public MeterBinder streamLengths() {
        return streamLengths;
    }

    @Override
    protected void doStart() {
        streamLengths.start();
    }

    @Override
    protected void doStop() {
        streamLengths.stop();
        rabbitConnectionFactory.destroy();
        redisConnectionFactory.destroy();
    }

    static CachingConnectionFactory rabbitConnectionFactory(RabbitMqSettings rabbit) {
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

    public static JedisConnectionFactory redisConnectionFactory(RedisSettings redis) {
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
    public static RedisTemplate<String, byte[]> redisTemplate(JedisConnectionFactory redisConnectionFactory) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(redisConnectionFactory);
        template.setKeySerializer(StringRedisSerializer.UTF_8);
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashKeySerializer(StringRedisSerializer.UTF_8);
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return template;
    }
}
