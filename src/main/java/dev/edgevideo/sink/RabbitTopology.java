package dev.edgevideo.sink;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgevideo.settings.Settings;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
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

    private final RabbitAdmin admin;
    private final boolean declareQueues;
    private final long queueMaxLength;
    private final String queueOverflow;
    /** Per camera, where its frames were last declared to go: checked per frame without building a key. */
    private final Map<String, Target> declared = new ConcurrentHashMap<>();

    /** What a full queue does ({@code x-overflow}). */
    public enum Overflow {
        DROP_HEAD, REJECT_PUBLISH, REJECT_PUBLISH_DLX;

        /** As RabbitMQ spells it: {@code drop-head}. */
        String argument() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public RabbitTopology(CachingConnectionFactory connectionFactory, boolean declareQueues, long queueMaxLength,
                          Overflow queueOverflow) {
        Settings.require(queueMaxLength >= 1, RabbitMqSettings.PREFIX + "queue.max-length", queueMaxLength,
                "at least 1");
        this.admin = new RabbitAdmin(connectionFactory);
        this.admin.setIgnoreDeclarationExceptions(false);
        this.declareQueues = declareQueues;
        this.queueMaxLength = queueMaxLength;
        this.queueOverflow = queueOverflow.argument();
        connectionFactory.addConnectionListener(connection -> declared.clear());
    }

    /** Makes sure the exchange (and, unless disabled, the camera's queue and binding) exist. */
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
            admin.declareBinding(BindingBuilder.bind(queue).to(topic).with(routingKey));
        }
        declared.put(cameraId, new Target(exchange, routingKey));
    }

    private record Target(String exchange, String routingKey) {
    }

    /** The name of the camera's bounded queue: {@code edgevideo.frames.<cameraId>}. */
    public static String queueName(String cameraId) {
        return "edgevideo.frames." + cameraId;
    }
}
