package dev.edgevideo.resilience;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.metrics.MetricsConfiguration;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.PausableTcpProxy;
import dev.edgevideo.testing.PrivateRabbitMq;
import dev.edgevideo.testing.PrivateRedis;
import dev.edgevideo.testing.PublishTimes;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.TestClips;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker black-holed (connections stay open, packets vanish, nothing is refused), unlike {@link BrokerOutageIT}'s
 * stopped broker that refuses at once: every call now waits for its client timeout. The service reaches both
 * brokers through a {@link PausableTcpProxy} per broker, three cameras at 2 fps. While one broker is gone the other
 * keeps every camera's rate, no camera's route is held much beyond one client timeout, the drops are counted by
 * reason, the service says once (not once per camera) that the sink went away and once that it is back, and
 * frames flow again within 10 s of the path coming back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkBlackHoleIT {

    private static final Duration BLACK_HOLE = Duration.ofSeconds(20);
    private static final double TARGET_FPS = 2;
    private static final List<String> CAMERAS = List.of("flt-bh-a", "flt-bh-b", "flt-bh-c");

    private PrivateRedis redisServer;
    private PrivateRabbitMq rabbitMqServer;
    private PausableTcpProxy redis;
    private PausableTcpProxy rabbitMq;
    private RunningService service;
    private PublishTimes publishTimes;
    private MeterRegistry registry;
    private long clientTimeoutMillis;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        // Brokers of its own: the shared ones are stopped now and then by other fault tests, which would read as a
        // black hole's cost here.
        Path brokers = RunningService.home().resolve("target/flt-blackhole");
        rabbitMqServer = PrivateRabbitMq.start(brokers.resolve("rabbitmq"));
        redisServer = PrivateRedis.start(brokers.resolve("redis"));
        redis = new PausableTcpProxy(redisServer.port());
        rabbitMq = new PausableTcpProxy(rabbitMqServer.port());
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 4, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"), CAMERAS.stream()
                .map(id -> RoutesDir.camera(id, clip.toString(), "loop", "true", "fps",
                        String.valueOf((int) TARGET_FPS)))
                .toArray(String[]::new));
        service = RunningService.start(routes, Map.of("redis.port", String.valueOf(redis.port()),
                "rabbitmq.port", String.valueOf(rabbitMq.port())));
        publishTimes = PublishTimes.record(service.sinkOutcomes());
        registry = MetricsConfiguration.registry(service.context());
        clientTimeoutMillis = Math.max(property("edgevideo.redis.timeout-ms"),
                property("edgevideo.rabbitmq.confirm-timeout-ms"));
    }

    @AfterAll
    void stop() throws Exception {
        try (PrivateRedis r = redisServer; PrivateRabbitMq q = rabbitMqServer; PausableTcpProxy rp = redis;
             PausableTcpProxy qp = rabbitMq; RunningService s = service) {
            // closed in reverse order: the service first, the brokers last
        }
    }

    @Test
    void blackHoledRedisCostsRabbitMqNothingAndIsToldOnceForAllCameras() throws Exception {
        blackHole(Sink.REDIS, redis, Sink.RABBITMQ);
    }

    @Test
    void blackHoledRabbitMqCostsRedisNothingAndIsToldOnceForAllCameras() throws Exception {
        blackHole(Sink.RABBITMQ, rabbitMq, Sink.REDIS);
    }

    private void blackHole(Sink gone, PausableTcpProxy path, Sink other) throws Exception {
        awaitEveryCameraPublishing();
        try (CapturedLogs logs = CapturedLogs.capture()) {
            long droppedBefore = dropped(gone, SinkOutcomes.REASON_SINK_OPEN)
                    + dropped(gone, SinkOutcomes.REASON_SINK_ERROR);
            long cutAt = System.nanoTime();
            long backAt;
            try {
                path.pause();
                await().atMost(BLACK_HOLE.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - cutAt >= BLACK_HOLE.toNanos());
            } finally {
                path.resume();
                backAt = System.nanoTime();
            }
            long sinkError = dropped(gone, SinkOutcomes.REASON_SINK_ERROR);
            long sinkOpen = dropped(gone, SinkOutcomes.REASON_SINK_OPEN);
            for (String camera : CAMERAS) {
                await().atMost(10, SECONDS).until(() -> publishTimes.firstAfter(camera, gone, backAt) > 0);
            }
            long recoveredMillis = (CAMERAS.stream().mapToLong(camera -> publishTimes.firstAfter(camera, gone, backAt))
                                            .max().orElseThrow() - backAt) / 1_000_000;
            String down = "WARN " + SinkOutcomes.class.getName() + " " + gone.displayName() + " at ";
            String back = "INFO " + SinkOutcomes.class.getName() + " " + gone.displayName() + " at ";
            // "back" is said once the sink has published for a second without failing.
            await().atMost(10, SECONDS).until(() -> count(logs, back, "is back") >= 1);
            System.out.printf("BLACKHOLE %s for %d s: every camera publishing again %d ms after the path came back;"
                              + " dropped sink_error %d, sink_open %d (%d in all)%n", gone.id(), BLACK_HOLE.toSeconds(),
                    recoveredMillis, sinkError, sinkOpen, sinkError + sinkOpen - droppedBefore);
            for (String camera : CAMERAS) {
                System.out.printf("BLACKHOLE %s: %s %s at %.2f fps, longest wait %d ms%n", gone.id(), camera,
                        other.id(), publishTimes.fps(camera, other, cutAt, backAt),
                        publishTimes.longestGapMillis(camera, other, cutAt, backAt));
            }
            for (String camera : CAMERAS) {
                assertThat(publishTimes.fps(camera, other, cutAt, backAt))
                        .as("%s rate of %s while %s is black-holed", other, camera, gone)
                        .isGreaterThanOrEqualTo(TARGET_FPS * 0.8);
                assertThat(publishTimes.longestGapMillis(camera, other, cutAt, backAt))
                        .as("longest wait between %s frames of %s: the route is held at most one client timeout"
                            + " (%d ms) plus a frame interval", other, camera, clientTimeoutMillis)
                        .isLessThanOrEqualTo(clientTimeoutMillis + 1000);
            }
            assertThat(sinkError).as("%s frames that timed out", gone).isPositive();
            assertThat(sinkOpen).as("%s frames skipped by an open breaker", gone).isPositive();
            assertThat(recoveredMillis).as("ms until every camera published to %s again", gone).isLessThan(10_000);
            assertThat(count(logs, down, "is unavailable"))
                    .as("WARN lines for one outage of %s, %d cameras", gone, CAMERAS.size()).isEqualTo(1);
            assertThat(count(logs, back, "is back")).as("INFO lines for %s coming back", gone).isEqualTo(1);
        }
    }

    private void awaitEveryCameraPublishing() {
        long now = System.nanoTime();
        for (String camera : CAMERAS) {
            for (Sink sink : Sink.values()) {
                await().atMost(20, SECONDS).until(() -> publishTimes.firstAfter(camera, sink, now) > 0);
            }
        }
    }

    private static long count(CapturedLogs logs, String prefix, String fragment) {
        return logs.lines().stream().filter(line -> line.startsWith(prefix) && line.contains(fragment)).count();
    }

    /** Frames of all cameras the sink dropped with the reason, as /metrics shows them. */
    private long dropped(Sink sink, String reason) {
        return (long) registry.find(CameraMeters.DROPPED).tags("sink", sink.id(), "reason", reason).functionCounters()
                .stream().filter(counter -> CAMERAS.contains(counter.getId().getTag("camera_id")))
                .mapToDouble(FunctionCounter::count).sum();
    }

    private long property(String key) {
        return Long.parseLong(service.context().getPropertiesComponent().resolveProperty(key).orElseThrow());
    }
}
