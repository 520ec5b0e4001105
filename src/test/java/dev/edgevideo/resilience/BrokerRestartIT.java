package dev.edgevideo.resilience;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.rabbitmq.client.GetResponse;
import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.metrics.MetricsConfiguration;
import dev.edgevideo.sink.RabbitTopology;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.PrivateRabbitMq;
import dev.edgevideo.testing.PrivateRedis;
import dev.edgevideo.testing.PublishTimes;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers that die rather than stop: RabbitMQ's Erlang VM killed with {@code kill -9} (no clean shutdown, nothing
 * flushed on the way out) and Redis killed and started empty, both at once, on the test's own servers (the shared
 * ones must not suffer this). The durable queue comes back with the frames it held, publishing resumes on both,
 * the {@code :latest} key is written again, and every frame captured meanwhile is counted as dropped.
 */
class BrokerRestartIT {

    private static final String CAMERA = "flt-restart";
    private static final String EXCHANGE = "edgevideo.frames";

    @TempDir
    Path work;

    @Test
    void killedRabbitMqKeepsItsDurableQueueAndEmptyRedisGetsLatestKeysBackOncePublishingResumes() throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(CAMERA, clip.toString(), "loop", "true", "fps", "2"));
        Path target = RunningService.home().resolve("target/flt-brokers");
        String queue = RabbitTopology.queueName(CAMERA);
        String latest = "edgevideo:" + CAMERA + ":latest";
        long rabbitBootMillis = System.nanoTime();
        try (PrivateRabbitMq rabbitMq = PrivateRabbitMq.start(target.resolve("rabbitmq"));
             PrivateRedis redis = PrivateRedis.start(target.resolve("redis"))) {
            rabbitBootMillis = (System.nanoTime() - rabbitBootMillis) / 1_000_000;
            try (RunningService service = RunningService.start(routes, Map.of(
                    "redis.port", String.valueOf(redis.port()), "rabbitmq.port", String.valueOf(rabbitMq.port())))) {
                PublishTimes publishTimes = PublishTimes.record(service.sinkOutcomes());
                MeterRegistry registry = MetricsConfiguration.registry(service.context());
                long queuedBeforeKill;
                try (Brokers brokers = new Brokers(redis.port(), rabbitMq.port())) {
                    await().atMost(20, SECONDS).until(() -> brokers.messageCount(queue) >= 4
                                                            && brokers.redis().exists(latest));
                    queuedBeforeKill = brokers.messageCount(queue);
                }

                long killedEpochMillis = System.currentTimeMillis();
                long rabbitDroppedBefore = dropped(registry, Sink.RABBITMQ);
                long redisDroppedBefore = dropped(registry, Sink.REDIS);
                rabbitMq.killHard();
                redis.kill();
                // Frames keep coming while both are dead: each is counted as dropped on each sink.
                await().atMost(15, SECONDS).until(() -> dropped(registry, Sink.RABBITMQ) - rabbitDroppedBefore >= 4
                                                        && dropped(registry, Sink.REDIS) - redisDroppedBefore >= 4);
                long deadMillis = System.currentTimeMillis() - killedEpochMillis;

                long restartAt = System.nanoTime();
                redis.start();
                rabbitMq.start();
                long rabbitRestartMillis = (System.nanoTime() - restartAt) / 1_000_000;
                long backAt = System.nanoTime();
                GetResponse oldest;
                try (Brokers brokers = new Brokers(redis.port(), rabbitMq.port())) {
                    brokers.channel().exchangeDeclarePassive(EXCHANGE); // throws when the exchange is gone
                    oldest = brokers.channel().basicGet(queue, false);
                    assertThat(oldest)
                            .as("oldest message of %s after kill -9 (%d were queued)", queue, queuedBeforeKill)
                            .isNotNull();
                    brokers.channel().basicReject(oldest.getEnvelope().getDeliveryTag(), true);
                    assertThat(brokers.messageCount(queue)).as("messages in %s after the restart", queue)
                            .isGreaterThanOrEqualTo(queuedBeforeKill);

                    await().atMost(10, SECONDS).pollInterval(Duration.ofMillis(100))
                            .until(() -> publishTimes.firstAfter(CAMERA, Sink.RABBITMQ, backAt) > 0
                                         && publishTimes.firstAfter(CAMERA, Sink.REDIS, backAt) > 0);
                    await().atMost(5, SECONDS).until(() -> brokers.redis().exists(latest));
                }
                long rabbitResumedMillis = (publishTimes.firstAfter(CAMERA, Sink.RABBITMQ, backAt) - backAt)
                        / 1_000_000;
                long redisResumedMillis = (publishTimes.firstAfter(CAMERA, Sink.REDIS, restartAt) - restartAt)
                        / 1_000_000;
                assertThat(((Number) oldest.getProps().getHeaders().get("timestamp")).longValue())
                        .as("the oldest queued frame was captured before the kill").isLessThan(killedEpochMillis);

                service.context().getRouteController().stopRoute(CAMERA);
                CameraRuntime camera = Cameras.camera(service.context(), CAMERA);
                for (Sink sink : Sink.values()) {
                    assertThat(camera.sink(sink.id()).publishedCount() + dropped(registry, sink))
                            .as("captured = published + dropped on %s", sink).isEqualTo(camera.count(CAPTURED));
                }
                System.out.printf("RESTART: private RabbitMQ boots in %d ms (after kill -9: %d ms); both dead %d ms;"
                                  + " publishing again %d ms (RabbitMQ, after it listened) and %d ms (Redis, after its"
                                  + " restart); %d frames queued before the kill still there; dropped rabbitmq %d,"
                                  + " redis %d%n",
                        rabbitBootMillis, rabbitRestartMillis, deadMillis, rabbitResumedMillis, redisResumedMillis,
                        queuedBeforeKill, dropped(registry, Sink.RABBITMQ), dropped(registry, Sink.REDIS));
            }
        }
    }

    /** Captured frames the sink dropped for the camera (slots no frame filled are not), as /metrics shows them. */
    private static long dropped(MeterRegistry registry, Sink sink) {
        return (long) registry.find(CameraMeters.DROPPED).tags("camera_id", CAMERA, "sink", sink.id())
                .functionCounters().stream()
                .filter(counter -> !CameraCounter.isSlotReason(counter.getId().getTag("reason")))
                .mapToDouble(FunctionCounter::count).sum();
    }
}
