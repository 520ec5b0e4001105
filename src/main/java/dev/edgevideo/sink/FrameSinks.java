package dev.edgevideo.sink;

import static dev.edgevideo.settings.Settings.require;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CapturedFrame;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.redis.RedisConstants;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * Maps each frame to the sinks' wire formats, once, where the sink is. The pipeline calls these as processors
 * (method references bound by name from {@link Sinks#routeBeans()}), so a frame costs no expression evaluation or bean
 * binding on its way: {@link #prepare} before the multicast, then each branch's own steps. The Redis steps set the
 * {@code CamelRedis.*} headers of the {@code spring-redis:} endpoint that follows each of them; the multicast gives
 * each branch its own copy of the headers, so none of them reaches RabbitMQ. The keys, fields and headers of both
 * formats are described in docs/wire-formats.md.
 */
public class FrameSinks {

    private static final String AMQP_CONTENT_TYPE = "CamelSpringRabbitmqContentType";
    private static final String AMQP_TIMESTAMP = "CamelSpringRabbitmqTimestamp";
    private static final String AMQP_EXPIRATION = "CamelSpringRabbitmqExpiration";
    /** Native format: whose clock {@code timestamp} is on, {@code sender} or {@code receiver}. */
    private static final String TIMESTAMP_SOURCE = "timestamp_source";
    /** Both formats, with scale-out on: the ownership epoch of the instance that consumed the frame. */
    static final String OWNER_EPOCH = "owner_epoch";

    /** Key of a camera's Redis Stream: {@code edgevideo:stream:<cameraId>}. */
    public static final String STREAM_PREFIX = "edgevideo:stream:";

    /** What the AMQP frame message carries ({@code edgevideo.rabbitmq.body}). */
    public enum Body {
        JPEG, REDIS_KEY
    }

    /**
     * The settings of the wire format.
     *
     * @param format          native or seed shapes
     * @param vhost           the {@code {vhost}} key segment ({@code edgevideo.redis.key-vhost}); empty for none
     * @param keyPrefix       the key prefix ({@code edgevideo.redis.key-prefix})
     * @param ttlSeconds      how long frames live in Redis (and, in seed, the AMQP expiration)
     * @param channel         the Redis channel of the metadata
     * @param nodeId          this instance ({@code edgevideo.cluster.node-id}), named in native metadata
     * @param body            what the AMQP frame message carries
     * @param streamMaxLength the approximate length a camera's stream is trimmed to
     * @param zone            the zone of seed timestamps
     */
    public record Settings(WireFormat format, String vhost, String keyPrefix, long ttlSeconds, String channel,
                           String nodeId, Body body, long streamMaxLength, ZoneId zone) {

        public Settings {
            require(ttlSeconds >= 1, RedisSettings.PREFIX + "ttl-seconds", ttlSeconds, "at least 1");
            require(streamMaxLength >= 1, RedisSettings.PREFIX + "stream.max-length", streamMaxLength, "at least 1");
        }
    }

    /**
     * With scale-out on, a camera's {@code :latest} never goes back to a lower ownership epoch: an instance that lost
     * the camera while it was paused cannot overwrite the new owner's picture with its late frame. Run atomically by
     * Redis, {@code EVAL script 2 <latest key> <epoch key> <epoch> <ttl seconds> <jpeg>} writes the JPEG (as
     * {@code SETEX}) only when the frame's epoch is not below the highest one written, kept in {@code :latest:epoch}
     * (no TTL: one small key per camera, so the guard holds however long a paused instance sleeps), and replies 1
     * when written, 0 when the frame was older than the picture's owner. Epochs travel as 19-digit, zero-padded
     * strings and are compared as strings: exact for any long, where Lua's numbers are doubles.
     */
    private static final byte[] LATEST_GUARD = """
            local seen = redis.call('GET', KEYS[2])
            if seen and ARGV[1] < seen then
              return 0
            end
            redis.call('SETEX', KEYS[1], ARGV[2], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[1])
            return 1
            """.getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();
    private final SinkOutcomes outcomes;
    private final RedisTemplate<String, byte[]> redis;
    private final Settings settings;
    /** {@code [<vhost>:]<prefix>:}, the start of every frame key. */
    private final String keyBase;
    private final String expirationMillis;
    /** The TTL as the {@code spring-redis:} SETEX reads it, boxed once. */
    private final Long ttlSeconds;
    private final XAddOptions streamTrim;

    public FrameSinks(SinkOutcomes outcomes, RedisTemplate<String, byte[]> redis, Settings settings) {
        this.outcomes = outcomes;
        this.redis = redis;
        this.settings = settings;
        String vhost = WireFormat.vhostSegment(settings.vhost());
        this.keyBase = (vhost.isEmpty() ? "" : vhost + ':') + settings.keyPrefix() + ':';
        this.expirationMillis = Long.toString(settings.ttlSeconds() * 1000L);
        this.ttlSeconds = settings.ttlSeconds();
        this.streamTrim = XAddOptions.maxlen(settings.streamMaxLength()).approximateTrimming(true);
    }

    /** Before the sinks: the frame's Redis key, in a holder both branches share. */
    public void prepare(Exchange exchange) {
        CapturedFrame frame = exchange.getMessage().getHeader(CameraConstants.FRAME, CapturedFrame.class);
        String key = keyBase + frame.cameraId() + ':' + frame.epochNanos() + ':'
                     + settings.format().sequence(frame.sequence());
        Long epoch = exchange.getMessage().getHeader(CameraConstants.OWNER_EPOCH, Long.class);
        exchange.getMessage().setHeader(FrameDelivery.HEADER, new FrameDelivery(frame, key, epoch));
    }

    /** Redis, first write ({@code SETEX}): the JPEG under its own key, with the TTL. */
    public void redisFrame(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        Message message = exchange.getMessage();
        message.setHeader(RedisConstants.KEY, delivery.redisKey());
        message.setHeader(RedisConstants.VALUE, delivery.frame().jpeg());
        message.setHeader(RedisConstants.TIMEOUT, ttlSeconds);
    }

    /**
     * Redis, second write: the same JPEG as the camera's {@code :latest} ({@code SETEX}), written here on the
     * sinks' template rather than by a {@code spring-redis:} endpoint: with an ownership epoch it is a compare-and-set
     * ({@link #LATEST_GUARD}, {@code EVAL}, which camel-spring-redis does not have), so the picture never goes back to
     * a lower epoch.
     */
    public void redisLatest(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        String latest = keyBase + delivery.frame().cameraId() + ":latest";
        byte[] jpeg = delivery.frame().jpeg();
        Long epoch = delivery.ownerEpoch();
        redis.execute((RedisCallback<Object>) connection -> epoch == null
                ? connection.stringCommands().setEx(bytes(latest), settings.ttlSeconds(), jpeg)
                : connection.scriptingCommands().eval(LATEST_GUARD, ReturnType.INTEGER, 2, bytes(latest),
                        bytes(latest + ":epoch"), bytes(String.format("%019d", epoch)),
                        bytes(Long.toString(settings.ttlSeconds())), jpeg), true);
    }

    /** Redis, third write ({@code PUBLISH}): the metadata JSON on the channel. */
    public void redisMetadata(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        message.setHeader(RedisConstants.CHANNEL, settings.channel());
        message.setHeader(RedisConstants.MESSAGE, json.writeValueAsBytes(metadata(delivery(exchange), true)));
    }

    /**
     * Redis, with streams on: the metadata and {@code redis_key} as an entry of the camera's stream, trimmed to
     * about {@code edgevideo.redis.stream.max-length} ({@code XADD ... MAXLEN ~}). Written here, on the template the
     * endpoints use: camel-spring-redis has no {@code XADD}.
     */
    public void redisStream(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        metadata(delivery, true).forEach((name, value) -> fields.put(bytes(name), bytes(String.valueOf(value))));
        MapRecord<byte[], byte[], byte[]> entry = StreamRecords.newRecord()
                .in(bytes(STREAM_PREFIX + delivery.frame().cameraId())).ofMap(fields);
        redis.execute((RedisCallback<Object>) connection -> connection.streamCommands().xAdd(entry, streamTrim), true);
    }

    /** Every Redis write of the frame succeeded. */
    public void redisStored(Exchange exchange) {
        delivery(exchange).storedInRedis();
        outcomes.published(exchange, Sink.REDIS);
    }

    /**
     * RabbitMQ: the frame message. Its headers; the Redis key only when the frame is there. With
     * {@code body = redis-key} the body is the key itself, whether or not Redis took the frame: a consumer GETs
     * it and treats nothing found like a frame whose TTL ran out. The seed format adds the AMQP
     * {@code timestamp} and an {@code expiration} of the Redis TTL, after which the frame is gone anyway.
     */
    public void rabbitMessage(Exchange exchange) {
        FrameDelivery delivery = delivery(exchange);
        CapturedFrame frame = delivery.frame();
        Message message = exchange.getMessage();
        message.setHeader("camera_id", frame.cameraId());
        message.setHeader("seq", frame.sequence());
        message.setHeader("timestamp", frame.epochMillis());
        message.setHeader("width", frame.width());
        message.setHeader("height", frame.height());
        if (delivery.ownerEpoch() != null) {
            message.setHeader(OWNER_EPOCH, delivery.ownerEpoch());
        }
        boolean keyBody = settings.body() == Body.REDIS_KEY;
        if (keyBody || delivery.isStoredInRedis()) {
            message.setHeader("redis_key", delivery.redisKey());
        }
        if (keyBody) {
            message.setBody(bytes(delivery.redisKey()));
        }
        message.setHeader(AMQP_CONTENT_TYPE, keyBody ? "text/plain" : "image/jpeg");
        if (settings.format() == WireFormat.SEED) {
            message.setHeader(AMQP_TIMESTAMP, new Date(frame.epochMillis()));
            message.setHeader(AMQP_EXPIRATION, expirationMillis);
        } else {
            message.setHeader(TIMESTAMP_SOURCE, frame.timestampSource().id());
        }
    }

    /**
     * RabbitMQ, with frame metadata on: the metadata JSON, after the frame message, in the same branch, so the
     * frame counts as published to RabbitMQ only when both were confirmed. Only {@code camera_id} stays a header.
     */
    public void rabbitMetadata(Exchange exchange) throws JsonProcessingException {
        FrameDelivery delivery = delivery(exchange);
        Message message = exchange.getMessage();
        for (String header : new String[] {"seq", "timestamp", "width", "height", "redis_key", TIMESTAMP_SOURCE,
                                           OWNER_EPOCH, AMQP_TIMESTAMP, AMQP_EXPIRATION}) {
            message.removeHeader(header);
        }
        message.setBody(json.writeValueAsBytes(metadata(delivery, delivery.isStoredInRedis())));
        message.setHeader(AMQP_CONTENT_TYPE, "application/json");
    }

    /**
     * The metadata of the frame in the configured format, field order as documented.
     *
     * @param withKey whether to name the Redis key (not when the frame is known not to be there)
     */
    Map<String, Object> metadata(FrameDelivery delivery, boolean withKey) {
        CapturedFrame frame = delivery.frame();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (settings.format() == WireFormat.SEED) {
            fields.put("event_type", "frame");
            fields.put("camera_id", frame.cameraId());
            fields.put("timestamp", WireFormat.rfc3339(frame.epochNanos(), settings.zone()));
            if (withKey) {
                fields.put("redis_key", delivery.redisKey());
            }
            fields.put("width", frame.width());
            fields.put("height", frame.height());
            fields.put("encoding", "jpeg");
            fields.put("size_bytes", frame.jpeg().length);
        } else {
            fields.put("camera_id", frame.cameraId());
            fields.put("seq", frame.sequence());
            fields.put("timestamp", frame.epochMillis());
            fields.put("width", frame.width());
            fields.put("height", frame.height());
            fields.put("size_bytes", frame.jpeg().length);
            fields.put("encoding", "jpeg");
            if (withKey) {
                fields.put("redis_key", delivery.redisKey());
            }
            fields.put("node_id", settings.nodeId());
            // null when there is nothing to compare with: a session's first frame, MJPEG passed through.
            double score = frame.changeScore();
            fields.put("change_score", Double.isNaN(score) ? null : Math.round(score * 100) / 100.0);
            fields.put(TIMESTAMP_SOURCE, frame.timestampSource().id());
        }
        // Last in both formats, so the fields before it keep their order.
        if (delivery.ownerEpoch() != null) {
            fields.put(OWNER_EPOCH, delivery.ownerEpoch());
        }
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static FrameDelivery delivery(Exchange exchange) {
        return exchange.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
    }
}
