package dev.edgevideo.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.TimestampSource;
import dev.edgevideo.settings.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The ownership epoch of scale-out on the wire, against the local Redis: in the metadata, the stream entry and the
 * AMQP headers, and the guard that keeps a camera's {@code :latest} from going back to a lower epoch.
 */
class OwnerEpochIT extends CamelTestSupport {

    private static final String CAMERA = "owner-epoch-it";
    private static final String PREFIX = "epoch-it";
    private static final String LATEST = PREFIX + ":" + CAMERA + ":latest";

    private final Jedis redis = new Jedis("127.0.0.1", 6379);
    private JedisConnectionFactory connectionFactory;
    private FrameSinks sinks;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        connectionFactory = Sinks.redisConnectionFactory(RedisSettings.bind(new Settings(context)));
        SinkOutcomes outcomes = new SinkOutcomes(context.getComponent("camera", CameraComponent.class).getRegistry(),
                "rabbit:5672", "127.0.0.1:6379");
        sinks = new FrameSinks(outcomes, Sinks.redisTemplate(connectionFactory), new FrameSinks.Settings(
                WireFormat.NATIVE, "", PREFIX, 30, PREFIX + ":frames", "edge-a", FrameSinks.Body.JPEG, 100,
                ZoneOffset.UTC));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:frame")
                        .process(sinks::prepare)
                        .process(sinks::redisFrame)
                        .process(sinks::redisLatest)
                        .process(sinks::redisStream)
                        .process(sinks::redisPipeline)
                        .process(sinks::rabbitMessage);
            }
        };
    }

    @AfterEach
    void forgetTheCamera() {
        redis.keys(PREFIX + ":" + CAMERA + ":*").forEach(redis::del);
        redis.del(FrameSinks.STREAM_PREFIX + CAMERA);
        redis.close();
        connectionFactory.destroy();
    }

    @Test
    void aFrameCarriesItsOwnerEpochInTheMetadataTheStreamEntryAndTheAmqpHeaders() {
        Exchange sent = send(1, 8_589_934_611L, new byte[] {1});

        FrameDelivery delivery = sent.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
        Map<String, Object> metadata = sinks.metadata(delivery, true);
        assertThat(metadata).containsEntry("owner_epoch", 8_589_934_611L);
        assertThat(List.copyOf(metadata.keySet())).as("added last").last().isEqualTo("owner_epoch");
        assertThat(sent.getMessage().getHeader("owner_epoch")).isEqualTo(8_589_934_611L);
        List<StreamEntry> entries = redis.xrange(FrameSinks.STREAM_PREFIX + CAMERA, (StreamEntryID) null, null);
        assertThat(entries).singleElement().satisfies(entry ->
                assertThat(entry.getFields()).containsEntry("owner_epoch", "8589934611"));
    }

    @Test
    void aFrameWithoutAnEpochCarriesNoneAsWithTheClusterOff() {
        Exchange sent = send(1, null, new byte[] {1});

        FrameDelivery delivery = sent.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
        assertThat(sinks.metadata(delivery, true)).doesNotContainKey("owner_epoch");
        assertThat(sent.getMessage().getHeaders()).doesNotContainKey("owner_epoch");
        assertThat(redis.get(LATEST.getBytes())).isEqualTo(new byte[] {1});
    }

    @Test
    void latestNeverGoesBackToALowerEpoch() {
        send(1, 200L, new byte[] {1});
        assertThat(redis.get(LATEST.getBytes())).isEqualTo(new byte[] {1});

        send(2, 150L, new byte[] {2}); // the old owner's late frame, after the new owner's
        assertThat(redis.get(LATEST.getBytes())).as("kept").isEqualTo(new byte[] {1});
        assertThat(redis.ttl(LATEST)).isBetween(1L, 30L);

        send(3, 200L, new byte[] {3});
        assertThat(redis.get(LATEST.getBytes())).as("same owner").isEqualTo(new byte[] {3});
        send(4, 1_000L, new byte[] {4});
        assertThat(redis.get(LATEST.getBytes())).as("a later owner, more digits").isEqualTo(new byte[] {4});
        assertThat(redis.get(LATEST + ":epoch")).isEqualTo("0000000000000001000");
    }

    private Exchange send(long sequence, Long epoch, byte[] jpeg) {
        context.getEndpoint("camera:" + CAMERA + "?url=rtsp://127.0.0.1:1/none");
        long now = System.currentTimeMillis() * 1_000_000L;
        CapturedFrame frame = new CapturedFrame(CAMERA, jpeg, sequence, now, now, TimestampSource.RECEIVER, 4, 2, true,
                "h264", Double.NaN);
        return template.request("direct:frame", exchange -> {
            exchange.getMessage().setHeader(CameraConstants.FRAME, frame);
            exchange.getMessage().setHeader(CameraConstants.OWNER_EPOCH, epoch);
        });
    }
}
