package dev.edgevideo.sink;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.settings.Settings;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.TimestampSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * The Redis branch of the pipeline against the local Redis, as the route template has it: the frame's writes through
 * {@code spring-redis:} endpoints on the sinks' template (the stream entry and {@code :latest} by their processors),
 * and the frame counts as stored only when every one of them succeeded. The ownership epoch of scale-out on the
 * wire, and the guard that keeps a camera's {@code :latest} from going back to a lower one. And the streams' length
 * gauges, which go with their camera and with the service.
 */
class RedisBranchIT extends CamelTestSupport {

    private static final String CAMERA = "lean-redis-branch-it";
    private static final String SETEX = "spring-redis:127.0.0.1:6379?command=SETEX&redisTemplate=#redisTemplate";
    private static final String PUBLISH = "spring-redis:127.0.0.1:6379?command=PUBLISH&redisTemplate=#redisTemplate";
    private static final String PREFIX = "lean-it";
    private static final String STREAM = FrameSinks.STREAM_PREFIX + CAMERA;
    private static final String CAMERA_URI = "camera:" + CAMERA + "?url=rtsp://127.0.0.1:1/none";
    private static final String LATEST = PREFIX + ":" + CAMERA + ":latest";

    private final Jedis redis = new Jedis("127.0.0.1", 6379);
    private JedisConnectionFactory connectionFactory;
    private RedisTemplate<String, byte[]> redisTemplate;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private FrameSinks sinks;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        connectionFactory = Sinks.redisConnectionFactory(RedisSettings.bind(new Settings(context)));
        redisTemplate = Sinks.redisTemplate(connectionFactory);
        context.getRegistry().bind("redisTemplate", redisTemplate);
        SinkOutcomes outcomes = new SinkOutcomes(context.getComponent("camera", CameraComponent.class).getRegistry(),
                "rabbit:5672", "127.0.0.1:6379");
        sinks = new FrameSinks(outcomes, redisTemplate, new FrameSinks.Settings(
                WireFormat.NATIVE, "", PREFIX, 30, PREFIX + ":frames", "it", FrameSinks.Body.JPEG, 100,
                ZoneOffset.UTC));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:frame")
                        .process(sinks::prepare)
                        .circuitBreaker()
                            .process(sinks::redisFrame).to(SETEX)
                            .process(sinks::redisLatest)
                            .process(sinks::redisMetadata).to(PUBLISH)
                            .process(sinks::redisStream)
                            .process(sinks::redisStored)
                        .onFallback()
                            .process(exchange -> outcomes.dropped(exchange, Sink.REDIS))
                        .end();
            }
        };
    }

    @AfterEach
    void forgetTheCamera() {
        redis.del(STREAM, LATEST);
        redis.keys(PREFIX + ":" + CAMERA + ":*").forEach(redis::del);
        redis.close();
        connectionFactory.destroy();
    }

    @Test
    void everyWriteOfTheFrameLandsAndTheFrameCountsAsStored() {
        CapturedFrame frame = frame();
        FrameDelivery delivery = send(frame);

        assertThat(redis.get(delivery.redisKey().getBytes())).isEqualTo(frame.jpeg());
        assertThat(redis.ttl(delivery.redisKey())).isBetween(1L, 30L);
        assertThat(redis.get((PREFIX + ":" + CAMERA + ":latest").getBytes())).isEqualTo(frame.jpeg());
        assertThat(redis.xlen(STREAM)).isEqualTo(1);
        assertThat(delivery.isStoredInRedis()).isTrue();
        assertThat(counters().publishedCount()).isEqualTo(1);
    }

    @Test
    void oneFailedWriteDropsTheFrameWithSinkErrorThoughTheOthersLanded() {
        // XADD on a key holding a string fails with WRONGTYPE, after the SETEXs and the PUBLISH went through.
        redis.set(STREAM, "not a stream");

        FrameDelivery delivery = send(frame());

        assertThat(redis.exists(delivery.redisKey())).isTrue();
        assertThat(delivery.isStoredInRedis()).isFalse();
        assertThat(counters().publishedCount()).isZero();
        assertThat(counters().droppedCount(SinkOutcomes.REASON_SINK_ERROR)).isEqualTo(1);
    }

    @Test
    void aFrameCarriesItsOwnerEpochInTheMetadataTheStreamEntryAndTheAmqpHeaders() {
        Exchange sent = send(frame(1, new byte[] {1}), 8_589_934_611L);

        FrameDelivery delivery = sent.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
        Map<String, Object> metadata = sinks.metadata(delivery, true);
        assertThat(metadata).containsEntry("owner_epoch", 8_589_934_611L);
        assertThat(List.copyOf(metadata.keySet())).as("added last").last().isEqualTo("owner_epoch");
        assertThat(redis.xrange(STREAM, (StreamEntryID) null, null)).singleElement().satisfies(entry ->
                assertThat(entry.getFields()).containsEntry("owner_epoch", "8589934611"));
        sinks.rabbitMessage(sent);
        assertThat(sent.getMessage().getHeader("owner_epoch")).isEqualTo(8_589_934_611L);
    }

    @Test
    void aFrameWithoutAnOwnerEpochCarriesNoneAsWithTheClusterOff() {
        Exchange sent = send(frame(1, new byte[] {1}), null);

        FrameDelivery delivery = sent.getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
        assertThat(sinks.metadata(delivery, true)).doesNotContainKey("owner_epoch");
        sinks.rabbitMessage(sent);
        assertThat(sent.getMessage().getHeaders()).doesNotContainKey("owner_epoch");
    }

    @Test
    void latestNeverGoesBackToALowerOwnerEpoch() {
        byte[] latest = LATEST.getBytes();
        send(frame(1, new byte[] {1}), 200L);
        assertThat(redis.get(latest)).isEqualTo(new byte[] {1});

        send(frame(2, new byte[] {2}), 150L); // the old owner's late frame, after the new owner's
        assertThat(redis.get(latest)).as("kept").isEqualTo(new byte[] {1});
        assertThat(redis.ttl(LATEST)).isBetween(1L, 30L);

        send(frame(3, new byte[] {3}), 200L);
        assertThat(redis.get(latest)).as("same owner").isEqualTo(new byte[] {3});
        send(frame(4, new byte[] {4}), 1_000L);
        assertThat(redis.get(latest)).as("a later owner, with more digits").isEqualTo(new byte[] {4});
        assertThat(redis.get(LATEST + ":epoch")).isEqualTo("0000000000000001000");
    }

    @Test
    void aStreamLengthGaugeGoesWithItsCamera() throws Exception {
        send(frame());
        RedisStreamLengths lengths = startStreamLengths();
        try {
            await().atMost(10, SECONDS).until(() -> gauge() != null && gauge().value() == 1);

            // The camera's last endpoint goes: the registry removes the camera after its grace period.
            context.removeEndpoint(context.getEndpoint(CAMERA_URI));

            await().atMost(10, SECONDS).until(() -> gauge() == null);
            await().during(500, MILLISECONDS).atMost(2, SECONDS).until(() -> gauge() == null);
        } finally {
            context.removeService(lengths);
        }
    }

    @Test
    void stoppingTheStreamLengthsRemovesEveryGaugeAndItsThread() throws Exception {
        send(frame());
        RedisStreamLengths lengths = startStreamLengths();
        await().atMost(10, SECONDS).until(() -> gauge() != null);

        lengths.stop();

        assertThat(meters.find(RedisStreamLengths.METRIC).meters()).isEmpty();
        await().atMost(5, SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().endsWith(" - " + RedisStreamLengths.THREAD_NAME)));
        context.removeService(lengths);
    }

    /** Sampling every 50 ms into {@link #meters}, told of the cameras, started as a service of the context. */
    private RedisStreamLengths startStreamLengths() throws Exception {
        CameraRegistry cameras = context.getComponent("camera", CameraComponent.class).getRegistry();
        RedisStreamLengths lengths = new RedisStreamLengths(context, redisTemplate, cameras, true,
                Duration.ofMillis(50));
        lengths.bindTo(meters);
        cameras.addListener(lengths);
        context.addService(lengths, true, true);
        return lengths;
    }

    private Gauge gauge() {
        return meters.find(RedisStreamLengths.METRIC).tag("camera_id", CAMERA).gauge();
    }

    private FrameDelivery send(CapturedFrame frame) {
        return send(frame, null).getMessage().getHeader(FrameDelivery.HEADER, FrameDelivery.class);
    }

    /** Sends the frame with the ownership epoch scale-out puts on it (null: the cluster is off). */
    private Exchange send(CapturedFrame frame, Long ownerEpoch) {
        // A started camera endpoint puts the camera in the registry, where its outcomes are counted.
        context.getEndpoint(CAMERA_URI);
        return template.request("direct:frame", exchange -> {
            exchange.getMessage().setHeader(CameraConstants.FRAME, frame);
            exchange.getMessage().setHeader(CameraConstants.OWNER_EPOCH, ownerEpoch);
        });
    }

    private static CapturedFrame frame() {
        return frame(1, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    }

    private static CapturedFrame frame(long sequence, byte[] jpeg) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new CapturedFrame(CAMERA, jpeg, sequence, now, now, TimestampSource.RECEIVER, 4, 2, true, "h264",
                Double.NaN);
    }

    private CameraRuntime.SinkCounters counters() {
        return context.getComponent("camera", CameraComponent.class).getRegistry().find(CAMERA).orElseThrow()
                .sink(Sink.REDIS.id());
    }
}
