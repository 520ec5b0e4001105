package dev.edgevideo.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.MetadataFeed;
import dev.edgevideo.testing.Jpeg;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service with the repository's own routes/ (the two demo cameras, fed a clip this test encodes),
 * publishing to the real local Redis and RabbitMQ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CameraPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private Brokers brokers;
    private RunningService service;
    private final List<String> metadataMessages = new CopyOnWriteArrayList<>();
    private MetadataFeed metadata;

    @BeforeAll
    void startService() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 1280, 720, 25, 4, 25);
        brokers = new Brokers();
        brokers.forget("demo-cam1");
        brokers.forget("demo-cam2");
        metadata = MetadataFeed.subscribe(metadataMessages::add);
        service = RunningService.start(RunningService.home().resolve("routes"),
                Map.of("edgevideo.demo.clip", clip.toString()));
    }

    @AfterAll
    void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        if (metadata != null) {
            metadata.close();
        }
        brokers.close();
    }

    @Test
    void framesAreStoredInRedisAsValidJpegsWithTtl() throws Exception {
        await().atMost(15, SECONDS).until(() -> brokers.frameKeys("demo-cam1").size() >= 3);
        String key = brokers.frameKeys("demo-cam1").iterator().next();
        assertThat(key).matches("edgevideo:demo-cam1:\\d{19}:\\d+");
        byte[] jpeg = brokers.redis().get(key.getBytes(StandardCharsets.UTF_8));
        assertThat(Jpeg.hasMarkers(jpeg)).as("SOI/EOI markers").isTrue();
        BufferedImage picture = Jpeg.decode(jpeg);
        assertThat(picture.getWidth()).isEqualTo(1280);
        assertThat(picture.getHeight()).isEqualTo(720);
        assertThat(brokers.redis().ttl(key)).isBetween(1L, 300L);

        byte[] latest = brokers.redis().get("edgevideo:demo-cam2:latest".getBytes(StandardCharsets.UTF_8));
        BufferedImage downscaled = Jpeg.decode(latest);
        assertThat(downscaled.getWidth()).as("demo-cam2 is downscaled to width 640").isEqualTo(640);
        assertThat(downscaled.getHeight()).isEqualTo(360);
        assertThat(brokers.redis().ttl("edgevideo:demo-cam2:latest")).isBetween(1L, 300L);
    }

    @Test
    void metadataJsonIsPublishedOnTheChannelForEveryStoredFrame() throws Exception {
        await().atMost(15, SECONDS).until(() -> metadataMessages.stream().anyMatch(m -> m.contains("demo-cam1")));
        JsonNode metadata = metadataMessages.stream().map(this::parse)
                .filter(node -> node.get("camera_id").asText().equals("demo-cam1")).findFirst().orElseThrow();
        assertThat(metadata.get("encoding").asText()).isEqualTo("jpeg");
        assertThat(metadata.get("width").asInt()).isEqualTo(1280);
        assertThat(metadata.get("height").asInt()).isEqualTo(720);
        assertThat(metadata.get("seq").asLong()).isPositive();
        assertThat(metadata.get("timestamp").asLong())
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        String redisKey = metadata.get("redis_key").asText();
        assertThat(redisKey).startsWith("edgevideo:demo-cam1:").endsWith(":" + metadata.get("seq").asLong());
        byte[] stored = brokers.redis().get(redisKey.getBytes(StandardCharsets.UTF_8));
        assertThat(stored).as("the key in the metadata holds the frame").isNotNull();
        assertThat(metadata.get("size_bytes").asInt()).isEqualTo(stored.length);
    }

    @Test
    void framesArriveInTheCamerasBoundedQueueWithHeaders() throws Exception {
        String queue = "edgevideo.frames.demo-cam1";
        await().atMost(15, SECONDS).until(() -> brokers.messageCount(queue) >= 2);
        GetResponse message = brokers.take(queue, 1).get(0);
        assertThat(message.getEnvelope().getExchange()).isEqualTo("edgevideo.frames");
        assertThat(message.getEnvelope().getRoutingKey()).isEqualTo("camera.demo-cam1");
        assertThat(message.getProps().getContentType()).isEqualTo("image/jpeg");
        Map<String, Object> headers = message.getProps().getHeaders();
        assertThat(String.valueOf(headers.get("camera_id"))).isEqualTo("demo-cam1");
        assertThat(Long.parseLong(String.valueOf(headers.get("seq")))).isPositive();
        assertThat(Long.parseLong(String.valueOf(headers.get("timestamp")))).isPositive();
        assertThat(String.valueOf(headers.get("width"))).isEqualTo("1280");
        assertThat(String.valueOf(headers.get("height"))).isEqualTo("720");
        assertThat(String.valueOf(headers.get("redis_key"))).startsWith("edgevideo:demo-cam1:");
        assertThat(Jpeg.decode(message.getBody()).getWidth()).isEqualTo(1280);

        assertThat(brokers.queueDeclaredWith(queue, Map.of("x-max-length", 100L, "x-overflow", "drop-head")))
                .as("durable queue bounded at 100 with drop-head").isTrue();
        assertThat(brokers.queueDeclaredWith(queue, Map.of())).as("an unbounded queue would be a different queue")
                .isFalse();
    }

    @Test
    void eachCameraDeliversCloseToItsTargetRate() throws Exception {
        await().atMost(15, SECONDS).until(() -> brokers.frameKeys("demo-cam2").size() >= 1);
        int cam1Before = brokers.frameKeys("demo-cam1").size();
        int cam2Before = brokers.frameKeys("demo-cam2").size();
        long windowMillis = 8_000;
        Thread.sleep(windowMillis);
        double cam1Fps = (brokers.frameKeys("demo-cam1").size() - cam1Before) * 1000.0 / windowMillis;
        double cam2Fps = (brokers.frameKeys("demo-cam2").size() - cam2Before) * 1000.0 / windowMillis;
        assertThat(cam1Fps).as("demo-cam1 target 2 fps").isBetween(1.6, 2.4);
        assertThat(cam2Fps).as("demo-cam2 target 1 fps").isBetween(0.75, 1.25);
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("metadata is not JSON: " + json, e);
        }
    }
}
