package dev.edgevideo.resilience;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static dev.edgevideo.camera.CameraCounter.STALE;
import static dev.edgevideo.camera.CameraCounter.THROTTLED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.metrics.MetricsConfiguration;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.LocalServices;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker stopped while a camera publishes, then started again: the other sink keeps its full rate, the
 * stopped sink's circuit breaker opens and closes, frames flow again soon after the restart, and every
 * captured frame is accounted for (published or dropped with a reason) on both sinks.
 * <p>
 * These tests stop the shared local brokers: outages are kept short and always ended in {@code finally}.
 */
class BrokerOutageIT {

    /** How long the broker stays away: long enough for the breaker to open and be seen open. */
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final double TARGET_FPS = 2;

    @TempDir
    Path work;

    @Test
    void rabbitMqOutageKeepsRedisAtFullRateAndRecoversWithinTenSeconds() throws Exception {
        outage("res-rabbit-out", Sink.RABBITMQ, Sink.REDIS, LocalServices::stopRabbitMq, LocalServices::startRabbitMq);
    }

    @Test
    void redisOutageKeepsRabbitMqAtFullRateAndRecoversWithinTenSeconds() throws Exception {
        outage("res-redis-out", Sink.REDIS, Sink.RABBITMQ, LocalServices::stopRedis, LocalServices::startRedis);
    }

    private void outage(String cameraId, Sink stopped, Sink other, Action stop, Action start) throws Exception {
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(cameraId, clip.toString(), "loop", "true", "fps", String.valueOf((int) TARGET_FPS)));
        try (Brokers brokers = new Brokers()) {
            brokers.forget(cameraId);
        }
        try (RunningService service = RunningService.start(routes, Map.of())) {
            SinkOutcomes outcomes = service.sinkOutcomes();
            MeterRegistry registry = MetricsConfiguration.registry(service.context());
            String breaker = stopped.id() + "-" + cameraId;
            await().atMost(20, SECONDS)
                    .until(() -> Cameras.camera(service.context(), cameraId).sink(stopped.id()).publishedCount() >= 3
                                 && Cameras.camera(service.context(), cameraId).sink(other.id()).publishedCount() >= 3);

            long otherBefore = Cameras.camera(service.context(), cameraId).sink(other.id()).publishedCount();
            long stoppedAt = System.nanoTime();
            long restartedAt;
            try {
                stop.run();
                await().atMost(15, SECONDS).until(() -> breakerState(registry, breaker, "open") == 1);
                long openedAfter = System.nanoTime() - stoppedAt;
                await().atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                        .until(() -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
                double otherFps = (Cameras.camera(service.context(), cameraId).sink(other.id()).publishedCount()
                                   - otherBefore) / ((System.nanoTime() - stoppedAt) / 1e9);
                assertThat(otherFps).as("%s rate while %s is away", other, stopped)
                        .isBetween(TARGET_FPS * 0.8, TARGET_FPS * 1.2);
                assertThat(Cameras.camera(service.context(), cameraId).sink(stopped.id())
                                   .droppedCount(SinkOutcomes.REASON_SINK_OPEN))
                        .as("frames skipped while the breaker was open").isPositive();
                System.out.printf("OUTAGE %s: breaker open after %d ms; %s at %.2f fps during the outage%n",
                        stopped.id(), openedAfter / 1_000_000, other.id(), otherFps);
            } finally {
                start.run();
                restartedAt = System.nanoTime();
            }
            long publishedAtRestart = Cameras.camera(service.context(), cameraId).sink(stopped.id()).publishedCount();
            await().atMost(10, SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> Cameras.camera(service.context(), cameraId).sink(stopped.id()).publishedCount()
                                 > publishedAtRestart);
            long flowingAfter = System.nanoTime() - restartedAt;
            await().atMost(10, SECONDS).until(() -> breakerState(registry, breaker, "closed") == 1);
            long closedAfter = System.nanoTime() - restartedAt;

            service.context().getRouteController().stopRoute(cameraId);
            CameraRuntime camera = Cameras.camera(service.context(), cameraId);
            for (Sink sink : Sink.values()) {
                assertThat(published(registry, cameraId, sink) + dropped(registry, cameraId, sink))
                        .as("captured = published + dropped on %s: published %d, sink_open %d, sink_error %d, stale %d,"
                            + " throttled %d", sink,
                            Cameras.camera(service.context(), cameraId).sink(sink.id()).publishedCount(),
                            Cameras.camera(service.context(), cameraId).sink(sink.id())
                                    .droppedCount(SinkOutcomes.REASON_SINK_OPEN),
                            Cameras.camera(service.context(), cameraId).sink(sink.id())
                                    .droppedCount(SinkOutcomes.REASON_SINK_ERROR),
                            camera.count(STALE), camera.count(THROTTLED))
                        .isEqualTo(camera.count(CAPTURED));
            }
            System.out.printf("OUTAGE %s: frames flowing %d ms and breaker closed %d ms after the restart;"
                              + " captured %d, published %d, dropped sink_open %d, sink_error %d, stale %d,"
                              + " throttled %d%n",
                    stopped.id(), flowingAfter / 1_000_000, closedAfter / 1_000_000, camera.count(CAPTURED),
                    Cameras.camera(service.context(), cameraId).sink(stopped.id()).publishedCount(),
                    Cameras.camera(service.context(), cameraId).sink(stopped.id())
                            .droppedCount(SinkOutcomes.REASON_SINK_OPEN),
                    Cameras.camera(service.context(), cameraId).sink(stopped.id())
                            .droppedCount(SinkOutcomes.REASON_SINK_ERROR),
                    camera.count(STALE), camera.count(THROTTLED));
        } finally {
            try (Brokers brokers = new Brokers()) {
                brokers.forget(cameraId);
            }
        }
    }

    /** 1 when the sink's breaker is in the state; Camel names breakers by route and node id, e.g. route-1redis-cam. */
    private static double breakerState(MeterRegistry registry, String breaker, String state) {
        return registry.find("resilience4j.circuitbreaker.state").tag("state", state).gauges().stream()
                .filter(gauge -> gauge.getId().getTag("name").endsWith(breaker))
                .mapToDouble(Gauge::value).findFirst().orElse(-1);
    }

    private static double published(MeterRegistry registry, String cameraId, Sink sink) {
        return registry.find(CameraMeters.PUBLISHED).tags("camera_id", cameraId, "sink", sink.id())
                .functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    private static double dropped(MeterRegistry registry, String cameraId, Sink sink) {
        return registry.find(CameraMeters.DROPPED).tags("camera_id", cameraId, "sink", sink.id())
                .functionCounters().stream()
                .filter(counter -> !CameraCounter.isSlotReason(counter.getId().getTag("reason")))
                .mapToDouble(FunctionCounter::count).sum();
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
