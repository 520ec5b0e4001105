package dev.edgevideo.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Declares where frames go in RabbitMQ: the durable topic exchange, and per camera a durable, bounded queue
 * ({@code x-max-length}, {@code x-overflow}) bound with the camera's routing key, so frames published while
 * no consumer is attached wait in a bounded buffer instead of vanishing as unroutable.
 * <p>
 * Called on every frame but declares only once per camera and connection: when the connection is
 * re-established (a broker restart), everything is declared again on the next frame.
 */
public class RabbitTopology {

    /** Prefix of the per-camera queue name: {@code edgevideo.frames.<cameraId>}. */
    public static final String QUEUE_PREFIX = "edgevideo.frames.";

    private final RabbitAdmin admin;
    private final boolean declareQueues;
    private final long queueMaxLength;
    private final String queueOverflow;
    /** Per camera, where its frames were last declared to go: checked per frame without building a key. */
    private final Map<String, Target> declared = new ConcurrentHashMap<>();

    public RabbitTopology(CachingConnectionFactory connectionFactory, boolean declareQueues, long queueMaxLength,
                          String queueOverflow) {
        if (queueMaxLength < 1) {
            throw new IllegalArgumentException("edgevideo.rabbitmq.queue.max-length must be >= 1, was "
                                               + queueMaxLength);
        }
        if (!Set.of("drop-head", "reject-publish", "reject-publish-dlx").contains(queueOverflow)) {
            throw new IllegalArgumentException("edgevideo.rabbitmq.queue.overflow must be drop-head,"
                                               + " reject-publish or reject-publish-dlx, was " + queueOverflow);
        }
        this.admin = new RabbitAdmin(connectionFactory);
        this.admin.setIgnoreDeclarationExceptions(false);
        this.declareQueues = declareQueues;
        this.queueMaxLength = queueMaxLength;
        this.queueOverflow = queueOverflow;
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
                declared.clear();
            }
        });
    }

    /**
     * Makes sure the exchange (and, unless disabled, the camera's queue and binding) exist.
     *
     * @param cameraId   the camera
     * @param exchange   the exchange frames are published to
     * @param routingKey the camera's routing key
     */
    public void ensureDeclared(String cameraId, String exchange, String routingKey) {
        Target target = declared.get(cameraId);
        if (target != null && target.exchange.equals(exchange) && target.routingKey.equals(routingKey)) {
            return;
        }
        TopicExchange topic = new TopicExchange(exchange, true, false);
        admin.declareExchange(topic);
        if (declareQueues) {
            Map<String, Object> arguments = new HashMap<>();
            arguments.put("x-max-length", queueMaxLength);
            arguments.put("x-overflow", queueOverflow);
            Queue queue = new Queue(queueName(cameraId), true, false, false, arguments);
            admin.declareQueue(queue);
            Binding binding = BindingBuilder.bind(queue).to(topic).with(routingKey);
            admin.declareBinding(binding);
        }
        declared.put(cameraId, new Target(exchange, routingKey));
    }

    private record Target(String exchange, String routingKey) {
    }

    /** The name of the camera's bounded queue. */
    public static String queueName(String cameraId) {
        return QUEUE_PREFIX + cameraId;
    }
}
