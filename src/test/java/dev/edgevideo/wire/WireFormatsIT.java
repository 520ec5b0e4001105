package dev.edgevideo.wire;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.edgevideo.EdgeVideoApplication;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.sink.RabbitTopology;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Consumers written the way the original system's consumers are written, against the real service and brokers:
 * in the {@code seed} profile they work with connection settings alone; in the native profile the same features
 * (metadata on RabbitMQ, key-as-body, streams) are there under our names.
 */
class WireFormatsIT {

    /** Go's RFC 3339 with nine fraction digits and an offset, as the original's consumers slice it. */
    private static final Pattern RFC3339_NANOS =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}(Z|[+-]\\d{2}:\\d{2})");
    private static final Map<String, String> SEED = Map.of(EdgeVideoApplication.PROFILE_KEY, "seed");

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path work;
    private Brokers brokers;
    private Path clip;
    private final List<String> cameras = new ArrayList<>();

    @BeforeEach
    void brokersAndClip() throws Exception {
        brokers = new Brokers();
        clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
    }

    @AfterEach
    void forget() throws Exception {
        for (String camera : cameras) {
            brokers.forget(camera);
            for (String key : scanAll("default:frames:" + camera + ":*")) {
                brokers.redis().del(key);
            }
            brokers.redis().del("edgevideo:stream:" + camera);
        }
        brokers.close();
    }

    @Test
    void seedConsumerParsesFrameMetadataJsonWithANanosecondTimestampStringAndGetsTheFrame() throws Exception {
        String camera = camera("wf-seed-meta");
        List<JsonNode> queue = bind("camera.metadata", "camera.metadata.event");
        try (RunningService service = start(camera, SEED)) {
            JsonNode metadata = awaitJson(queue, node -> camera.equals(node.path("camera_id").asText()));
            assertThat(fieldNames(metadata)).containsExactly("event_type", "camera_id", "timestamp", "redis_key",
                    "width", "height", "encoding", "size_bytes");
            assertThat(metadata.get("event_type").asText()).isEqualTo("frame");
            String timestamp = metadata.get("timestamp").asText();
            assertThat(timestamp).matches(RFC3339_NANOS);
            String[] key = metadata.get("redis_key").asText().split(":");
            assertThat(key).hasSize(5);
            assertThat(key[0] + ":" + key[1] + ":" + key[2]).isEqualTo("default:frames:" + camera);
            assertThat(epochNanos(OffsetDateTime.parse(timestamp))).as("timestamp and key name the same nanosecond")
                    .isEqualTo(Long.parseLong(key[3]));
            assertThat(key[4]).matches("\\d{5}");
            byte[] jpeg = brokers.redis().get(metadata.get("redis_key").asText().getBytes(StandardCharsets.UTF_8));
            assertThat(jpeg).isNotNull().hasSize(metadata.get("size_bytes").asInt());
            assertThat(metadata.get("width").asInt()).isEqualTo(320);
            assertThat(metadata.get("encoding").asText()).isEqualTo("jpeg");
        }
    }

    @Test
    void seedFrameMessagesCarryCameraIdTimestampAndTheRedisTtlAsExpiration() throws Exception {
        String camera = camera("wf-seed-frame");
        try (RunningService service = start(camera, SEED)) {
            GetResponse message = awaitMessage(RabbitTopology.queueName(camera));
            assertThat(message.getEnvelope().getRoutingKey()).isEqualTo("camera." + camera);
            assertThat(String.valueOf(message.getProps().getHeaders().get("camera_id"))).isEqualTo(camera);
            assertThat(message.getProps().getTimestamp()).isNotNull();
            assertThat(message.getProps().getExpiration()).isEqualTo("300000");
            assertThat(message.getProps().getContentType()).isEqualTo("image/jpeg");
        }
    }

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"native", "seed"})
    void keyAsBodyConsumerGetsEachFrameFromRedis(String profile) throws Exception {
        String camera = camera("wf-key-" + profile);
        Map<String, String> overrides = new HashMap<>(profile(profile));
        overrides.put("edgevideo.rabbitmq.body", "redis-key");
        try (RunningService service = start(camera, overrides)) {
            String queue = RabbitTopology.queueName(camera);
            for (int i = 0; i < 3; i++) {
                GetResponse message = awaitMessage(queue);
                String key = new String(message.getBody(), StandardCharsets.UTF_8);
                assertThat(message.getProps().getContentType()).isEqualTo("text/plain");
                assertThat(String.valueOf(message.getProps().getHeaders().get("redis_key"))).isEqualTo(key);
                assertThat(key).startsWith(profile.equals("seed") ? "default:frames:" + camera + ":"
                        : "edgevideo:" + camera + ":");
                byte[] jpeg = brokers.redis().get(key.getBytes(StandardCharsets.UTF_8));
                assertThat(jpeg).as("GET " + key).isNotNull();
                assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
                assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
            }
        }
    }

    @Test
    void seedScanOfTheCamerasFramesReadsPartThreeAsNanoseconds() throws Exception {
        String camera = camera("wf-seed-scan");
        try (RunningService service = start(camera, SEED)) {
            await().atMost(30, SECONDS).until(() -> scanAll("default:frames:" + camera + ":*").size() >= 3);
            long now = System.currentTimeMillis() * 1_000_000L;
            for (String key : scanAll("default:frames:" + camera + ":*")) {
                String[] parts = key.split(":");
                assertThat(parts).as(key).hasSize(5);
                long nanos = Long.parseLong(parts[3]);
                assertThat(Math.abs(now - nanos)).as(key + " is nanoseconds of now").isLessThan(120_000_000_000L);
                assertThat(parts[4]).matches("\\d{5}");
            }
        }
    }

    @Test
    void seedStatusAndSystemEventsArriveOnTheMetadataExchange() throws Exception {
        String camera = camera("wf-seed-events");
        List<JsonNode> queue = bind("camera.metadata", "camera.metadata.event.status", "camera.metadata.event.system");
        try (RunningService service = start(camera, SEED)) {
            JsonNode status = awaitJson(queue, node -> camera.equals(node.path("camera_id").asText())
                                                       && "active".equals(node.path("state").asText()));
            assertThat(status.get("event_type").asText()).isEqualTo("camera_status");
            assertThat(status.get("timestamp").asText()).matches(RFC3339_NANOS);
            assertThat(status.has("consecutive_failures")).as("omitted when zero").isFalse();
            assertThat(status.has("last_error")).as("omitted when empty").isFalse();
            assertThat(status.get("message").asText()).isNotEmpty();
            JsonNode system = awaitJson(queue, node -> "system_status".equals(node.path("event_type").asText())
                                                       && node.path("active_cameras").asInt() == 1);
            assertThat(fieldNames(system)).containsExactly("event_type", "timestamp", "total_cameras",
                    "active_cameras", "inactive_cameras", "message");
            assertThat(system.get("total_cameras").asInt()).isEqualTo(1);
            assertThat(system.get("inactive_cameras").asInt()).isZero();
        }
    }

    @Test
    void nativeFrameMetadataOnRabbitMqWhenSwitchedOn() throws Exception {
        String camera = camera("wf-native-meta");
        List<JsonNode> queue = bind("edgevideo.events", "frame.metadata");
        try (RunningService service = start(camera, Map.of("edgevideo.rabbitmq.metadata.enabled", "true"))) {
            JsonNode metadata = awaitJson(queue, node -> camera.equals(node.path("camera_id").asText()));
            assertThat(fieldNames(metadata)).containsExactly("camera_id", "seq", "timestamp", "width", "height",
                    "size_bytes", "encoding", "redis_key", "node_id", "change_score", "timestamp_source");
            assertThat(metadata.get("timestamp").isNumber()).isTrue();
            assertThat(brokers.redis().get(metadata.get("redis_key").asText().getBytes(StandardCharsets.UTF_8)))
                    .hasSize(metadata.get("size_bytes").asInt());
        }
    }

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"native", "seed"})
    void streamConsumerGroupResumesAfterARestartWithoutLosingEntries(String profile) throws Exception {
        String camera = camera("wf-stream-" + profile);
        String stream = "edgevideo:stream:" + camera;
        brokers.redis().del(stream);
        brokers.redis().xgroupCreate(stream, "viewers", new StreamEntryID(), true);
        Map<String, String> overrides = new HashMap<>(profile(profile));
        overrides.put("edgevideo.redis.stream.enabled", "true");
        overrides.put("edgevideo.metrics.system-interval-seconds", "1");
        try (RunningService service = start(camera, overrides)) {
            List<StreamEntry> read = new ArrayList<>();
            try (Jedis consumer = new Jedis("127.0.0.1", 6379)) {
                await().atMost(30, SECONDS).until(() -> readGroup(consumer, stream, read) >= 0 && read.size() >= 3);
            }
            // The consumer is away while frames keep coming.
            long lengthWhileAway = brokers.redis().xlen(stream);
            await().atMost(30, SECONDS).until(() -> brokers.redis().xlen(stream) >= lengthWhileAway + 5);
            try (Jedis restarted = new Jedis("127.0.0.1", 6379)) {
                int before = read.size();
                await().atMost(30, SECONDS).until(() -> readGroup(restarted, stream, read) >= 0
                                                        && read.size() >= before + 5);
            }
            List<StreamEntryID> inStream = brokers.redis().xrange(stream, (StreamEntryID) null, read.get(read.size()
                    - 1).getID()).stream().map(StreamEntry::getID).toList();
            assertThat(read.stream().map(StreamEntry::getID).toList()).as("every entry, once, in order")
                    .isEqualTo(inStream);
            Map<String, String> fields = read.get(0).getFields();
            assertThat(fields).containsKeys("camera_id", "timestamp", "width", "height", "size_bytes", "encoding",
                    "redis_key");
            assertThat(fields.get("camera_id")).isEqualTo(camera);
            if (profile.equals("seed")) {
                assertThat(fields.get("timestamp")).matches(RFC3339_NANOS);
            }
            await().atMost(20, SECONDS).until(() -> Http.get("http://127.0.0.1:" + service.managementPort()
                    + "/metrics").body().lines().anyMatch(line -> line.startsWith(
                    "edge_video_redis_stream_length{camera_id=\"" + camera + "\"}")));
        }
    }

    @Test
    void aFrameWhoseMetadataMessageIsRefusedIsNotCountedAsPublishedToRabbitMq() throws Exception {
        String camera = camera("wf-meta-refused");
        // An exchange of another type under the metadata exchange's name: the broker refuses every metadata
        // publish, while the frame messages go out.
        String exchange = "wf-fanout-" + camera;
        brokers.channel().exchangeDeclare(exchange, "fanout", true);
        try (RunningService service = start(camera, Map.of("edgevideo.rabbitmq.metadata.enabled", "true",
                "edgevideo.rabbitmq.metadata.exchange", exchange))) {
            await().atMost(30, SECONDS).until(() -> brokers.messageCount(RabbitTopology.queueName(camera)) > 0
                                                    && dropped(service, camera, "rabbitmq") >= 3);
            assertThat(sink(service, camera, "rabbitmq").publishedCount()).isZero();
            assertThat(sink(service, camera, "redis").publishedCount()).isPositive();
        } finally {
            brokers.channel().exchangeDelete(exchange);
        }
    }

    @Test
    void aFrameWhoseStreamEntryFailsIsNotCountedAsStoredInRedis() throws Exception {
        String camera = camera("wf-stream-refused");
        // A string under the stream's key: every XADD fails with WRONGTYPE after the frame's SETEX succeeded.
        brokers.redis().set("edgevideo:stream:" + camera, "not a stream");
        try (RunningService service = start(camera, Map.of("edgevideo.redis.stream.enabled", "true"))) {
            await().atMost(30, SECONDS).until(() -> dropped(service, camera, "redis") >= 3);
            assertThat(sink(service, camera, "redis").publishedCount()).isZero();
            assertThat(sink(service, camera, "rabbitmq").publishedCount()).isPositive();
            GetResponse message = awaitMessage(RabbitTopology.queueName(camera));
            assertThat(message.getProps().getHeaders()).as("no redis_key for a frame not counted as stored")
                    .doesNotContainKey("redis_key");
        }
    }

    private static CameraRuntime.SinkCounters sink(RunningService service, String camera, String sink) {
        return Cameras.camera(service.context(), camera).sink(sink);
    }

    private static long dropped(RunningService service, String camera, String sink) {
        return SinkOutcomes.REASONS.stream().mapToLong(reason -> sink(service, camera, sink).droppedCount(reason))
                .sum();
    }

    /** XREADGROUP as a consumer does after a restart: its pending entries first, then new ones; acks each. */
    private static int readGroup(Jedis jedis, String stream, List<StreamEntry> read) {
        for (StreamEntryID from : new StreamEntryID[] {new StreamEntryID(),
                StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY}) {
            var answer = jedis.xreadGroup("viewers", "viewer-1", XReadGroupParams.xReadGroupParams().count(50),
                    Map.of(stream, from));
            if (answer == null) {
                continue;
            }
            for (var entries : answer) {
                for (StreamEntry entry : entries.getValue()) {
                    read.add(entry);
                    jedis.xack(stream, "viewers", entry.getID());
                }
            }
        }
        return read.size();
    }

    private String camera(String id) throws Exception {
        cameras.add(id);
        brokers.forget(id);
        return id;
    }

    private static Map<String, String> profile(String profile) {
        return profile.equals("seed") ? SEED : Map.of();
    }

    private RunningService start(String camera, Map<String, String> overrides) throws Exception {
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(camera, clip.toString(), "loop", "true", "fps", "5"));
        return RunningService.start(routes, overrides);
    }

    /**
     * A fresh queue bound to a topic exchange, consumed at once, as the original's consumers do: every message
     * must be JSON, and is kept parsed.
     */
    private List<JsonNode> bind(String exchange, String... routingKeys) throws Exception {
        Channel channel = brokers.channel();
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        for (String routingKey : routingKeys) {
            channel.queueBind(queue, exchange, routingKey);
        }
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) throws IOException {
                JsonNode node = json.readTree(body);
                if (!"application/json".equals(properties.getContentType())) {
                    node = json.createObjectNode().put("wrong_content_type", properties.getContentType());
                }
                received.add(node);
            }
        });
        return received;
    }

    private static JsonNode awaitJson(List<JsonNode> received, Predicate<JsonNode> wanted) {
        await().atMost(30, SECONDS).until(() -> received.stream().anyMatch(wanted));
        assertThat(received).noneMatch(node -> node.has("wrong_content_type"));
        return received.stream().filter(wanted).findFirst().orElseThrow();
    }

    private GetResponse awaitMessage(String queue) {
        // A basic.get on a queue not declared yet would close the channel: wait for the service to declare it.
        await().atMost(30, SECONDS).until(() -> brokers.messageCount(queue) > 0);
        GetResponse[] message = new GetResponse[1];
        await().atMost(30, SECONDS).until(() -> (message[0] = brokers.channel().basicGet(queue, true)) != null);
        return message[0];
    }

    private Set<String> scanAll(String pattern) {
        Set<String> keys = new java.util.TreeSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = brokers.redis().scan(cursor, new ScanParams().match(pattern).count(500));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long epochNanos(OffsetDateTime time) {
        return time.toEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
