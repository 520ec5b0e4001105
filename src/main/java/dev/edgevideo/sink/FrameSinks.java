package dev.edgevideo.sink;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CapturedFrame;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Maps each frame to the sinks' wire formats, once, where the sink is. The pipeline calls these as processors
 * (method references bound in {@link SinkConfiguration}), so a frame costs no expression evaluation or bean
 * binding on its way: {@link #prepare} before the multicast, then each branch's own steps.
 * <p>
 * Wire format (seed 001): Redis keys {@code <prefix>:<cameraId>:<epochNanos>:<seq>} and
 * {@code <prefix>:<cameraId>:latest}, metadata JSON {@code camera_id, seq, timestamp, width, height, size_bytes,
 * encoding, redis_key} (and {@code node_id}, the instance that captured it, and {@code change_score}, how much the
 * picture differs from the camera's previous published one) on the channel; AMQP headers {@code camera_id, seq, timestamp, width, height} and
 * {@code redis_key} once the frame is in Redis.
 */
public class FrameSinks {

    private static final String REDIS_KEY = "CamelRedis.Key";
    private static final String REDIS_VALUE = "CamelRedis.Value";
    private static final String REDIS_TIMEOUT = "CamelRedis.Timeout";
    private static final String REDIS_CHANNEL = "CamelRedis.Channel";
    private static final String REDIS_MESSAGE = "CamelRedis.Message";
    private static final String AMQP_CONTENT_TYPE = "CamelSpringRabbitmqContentType";

    private final ObjectMapper json = new ObjectMapper();
    private final SinkOutcomes outcomes;
    private final String keyPrefix;
    private final long ttlSeconds;
    private final String channel;
    private final String nodeId;

    /** @param nodeId this instance ({@code edgevideo.cluster.node-id}), named in every frame's metadata */
    public FrameSinks(SinkOutcomes outcomes, String keyPrefix, long ttlSeconds, String channel, String nodeId) {
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("edgevideo.redis.ttl-seconds must be >= 1, was " + ttlSeconds);
        }
        this.outcomes = outcomes;
        this.keyPrefix = keyPrefix;
        this.ttlSeconds = ttlSeconds;
        this.channel = channel;
        this.nodeId = nodeId;
    }

    /** Before the sinks: the frame's Redis key, in a holder both branches share. */
    public void prepare(Exchange exchange) {
        CapturedFrame frame = exchange.getMessage().getHeader(CameraConstants.FRAME, CapturedFrame.class);
        String key = keyPrefix + ':' + frame.cameraId() + ':' + frame.epochNanos() + ':' + frame.sequence();
        exchange.getMessage().setHeader(FrameDelivery.HEADER, new FrameDelivery(frame, key));
    }

    /** Redis, first write: the JPEG under its own key, with the TTL. */
    public void redisFrame(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        Message message = exchange.getMessage();
        message.setHeader(REDIS_KEY, delivery.redisKey());
        message.setHeader(REDIS_VALUE, delivery.frame().jpeg());
        message.setHeader(REDIS_TIMEOUT, ttlSeconds);
    }

    /** Redis, second write: the same JPEG as the camera's {@code :latest}. */
    public void redisLatest(Exchange exchange) {
        exchange.getMessage().setHeader(REDIS_KEY, keyPrefix + ':' + delivery(exchange).frame().cameraId() + ":latest");
    }

    /** Redis, third write: the metadata JSON on the channel. */
    public void redisMetadata(Exchange exchange) throws JsonProcessingException {
        FrameDelivery delivery = delivery(exchange);
        Message message = exchange.getMessage();
        message.setHeader(REDIS_CHANNEL, channel);
        message.setHeader(REDIS_MESSAGE, metadataJson(delivery));
    }

    /** Every Redis write of the frame succeeded. */
    public void redisStored(Exchange exchange) {
        delivery(exchange).storedInRedis();
        outcomes.published(exchange, Sink.REDIS);
    }

    /** RabbitMQ: the frame's AMQP headers; the Redis key only when the frame is there. */
    public void rabbitMessage(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        CapturedFrame frame = delivery.frame();
        Message message = exchange.getMessage();
        message.setHeader("camera_id", frame.cameraId());
        message.setHeader("seq", frame.sequence());
        message.setHeader("timestamp", frame.epochMillis());
        message.setHeader("width", frame.width());
        message.setHeader("height", frame.height());
        if (delivery.isStoredInRedis()) {
            message.setHeader("redis_key", delivery.redisKey());
        }
        message.setHeader(AMQP_CONTENT_TYPE, "image/jpeg");
    }

    /** The broker confirmed the frame. */
    public void rabbitConfirmed(Exchange exchange) {
        outcomes.published(exchange, Sink.RABBITMQ);
    }

    /** The frame did not reach Redis; called from the circuit breaker's fallback. */
    public void redisDropped(Exchange exchange) {
        outcomes.dropped(exchange, Sink.REDIS);
    }

    /** The frame did not reach RabbitMQ; called from the circuit breaker's fallback. */
    public void rabbitDropped(Exchange exchange) {
        outcomes.dropped(exchange, Sink.RABBITMQ);
    }

    /** The metadata of the frame, as UTF-8 JSON bytes (Redis values are raw bytes). */
    byte[] metadataJson(FrameDelivery delivery) throws JsonProcessingException {
        CapturedFrame frame = delivery.frame();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("camera_id", frame.cameraId());
        fields.put("seq", frame.sequence());
        fields.put("timestamp", frame.epochMillis());
        fields.put("width", frame.width());
        fields.put("height", frame.height());
        fields.put("size_bytes", frame.jpeg().length);
        fields.put("encoding", "jpeg");
        fields.put("redis_key", delivery.redisKey());
        fields.put("node_id", nodeId);
        // null when there is nothing to compare with: a session's first frame, MJPEG passed through.
        double score = frame.changeScore();
        fields.put("change_score", Double.isNaN(score) ? null : Math.round(score * 100) / 100.0);
        return json.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
    }

    private static FrameDelivery delivery(Exchange exchange) {
        return exchange.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
    }
}
