package dev.edgevideo.pipeline;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.edgevideo.sink.RabbitTopology;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The Redis write of a frame is visible before its AMQP message is published: a consumer written like the seed
 * system's V2 consumer (read {@code redis_key} from the message, GET it at once) never misses a frame.
 */
class SinkOrderIT {

    @TempDir
    Path work;

    @Test
    void aConsumerThatGetsTheRedisKeyOfEachAmqpMessageAtOnceAlwaysFindsTheFrameAtTenFps() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        String camera = "order-cam";
        try (Brokers brokers = new Brokers(); Jedis redis = new Jedis("127.0.0.1", 6379)) {
            brokers.forget(camera);
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera(camera, clip.toString(), "loop", "true", "fps", "10"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                String queue = RabbitTopology.queueName(camera);
                await().atMost(20, SECONDS).until(() -> brokers.messageCount(queue) >= 0);
                AtomicInteger received = new AtomicInteger();
                AtomicInteger withoutKey = new AtomicInteger();
                AtomicInteger missed = new AtomicInteger();
                Channel channel = brokers.channel();
                channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                               byte[] body) {
                        Object key = properties.getHeaders() == null ? null : properties.getHeaders().get("redis_key");
                        if (key == null) {
                            withoutKey.incrementAndGet();
                        } else if (redis.get(key.toString().getBytes()) == null) {
                            missed.incrementAndGet();
                        }
                        received.incrementAndGet();
                    }
                });
                await().atMost(40, SECONDS).until(() -> received.get() >= 150);
                System.out.printf("ORDER %d messages, %d without redis_key, %d keys not yet in Redis%n",
                        received.get(), withoutKey.get(), missed.get());
                assertThat(withoutKey.get()).as("messages without redis_key while Redis is up").isZero();
                assertThat(missed.get()).as("redis_key GET at once found nothing").isZero();
            } finally {
                brokers.forget(camera);
            }
        }
    }
}
