package dev.edgevideo.sink;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CameraStatusListener;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes every camera state change as a {@code camera_status} JSON event on the durable topic exchange
 * {@code edgevideo.events} (routing key {@code camera.<cameraId>.status}), with the seed system's field names:
 * {@code event_type, camera_id, timestamp} (epoch ms, as in frame metadata) {@code , state, consecutive_failures, last_error} (plus
 * {@code circuit_state}).
 * <p>
 * Events are sent from one thread with a bounded queue, never from the camera's grab thread: a broker that is
 * away costs the camera nothing. Events that cannot be queued or sent are counted and logged at DEBUG; the
 * broker's own outage is already reported by {@link SinkOutcomes}.
 */
public class CameraStatusEvents extends ServiceSupport implements CameraStatusListener, CamelContextAware {

    /** Event type field value. */
    public static final String EVENT_TYPE = "camera_status";

    private static final Logger LOG = LoggerFactory.getLogger(CameraStatusEvents.class);
    private static final int QUEUE_SIZE = 1000;

    private final RabbitTemplate template;
    private final RabbitAdmin admin;
    private final String exchange;
    private final ObjectMapper mapper = new ObjectMapper();
    private final LongAdder dropped = new LongAdder();
    private CamelContext camelContext;
    private ExecutorService executor;
    private volatile boolean declared;

    public CameraStatusEvents(RabbitTemplate template, RabbitAdmin admin, String exchange) {
        this.template = template;
        this.admin = admin;
        this.exchange = exchange;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = camelContext.getExecutorServiceManager().newThreadPool(this, "CameraStatusEvents",
                new ThreadPoolProfileBuilder("camera-status-events").poolSize(1).maxPoolSize(1)
                        .maxQueueSize(QUEUE_SIZE).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownGraceful(executor, 2_000);
            executor = null;
        }
        super.doStop();
    }

    @Override
    public void statusChanged(CameraStatus status) {
        ExecutorService current = executor;
        if (current == null) {
            dropped.increment();
            return;
        }
        try {
            current.execute(() -> send(status));
        } catch (RejectedExecutionException e) {
            dropped.increment();
            LOG.debug("Camera status event for {} dropped: {} events queued", status.cameraId(), QUEUE_SIZE);
        }
    }

    /** Events that could not be published (queue full, broker away). */
    public long droppedEvents() {
        return dropped.sum();
    }

    private void send(CameraStatus status) {
        try {
            if (!declared) {
                admin.declareExchange(new TopicExchange(exchange, true, false));
                declared = true;
            }
            MessageProperties properties = new MessageProperties();
            properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
            template.send(exchange, "camera." + status.cameraId() + ".status",
                    MessageBuilder.withBody(json(status)).andProperties(properties).build());
        } catch (AmqpException | JsonProcessingException e) {
            dropped.increment();
            declared = false;
            LOG.debug("Camera status event for {} not published: {}", status.cameraId(), e.getMessage());
        }
    }

    /** The event's JSON, field names as in seed 001. */
    byte[] json(CameraStatus status) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_type", EVENT_TYPE);
        fields.put("camera_id", status.cameraId());
        fields.put("timestamp", status.timestamp().toEpochMilli());
        fields.put("state", status.state().name());
        fields.put("circuit_state", status.circuit().name());
        fields.put("consecutive_failures", status.consecutiveFailures());
        fields.put("last_error", status.lastError());
        return mapper.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
