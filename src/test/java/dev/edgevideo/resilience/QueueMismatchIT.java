package dev.edgevideo.resilience;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Cameras;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's queue left over with another {@code x-max-length} (the setting was changed since): RabbitMQ refuses
 * every declaration. The operator is told once what to do, the refused frames are counted, Redis is unaffected.
 */
class QueueMismatchIT {

    private static final String CAMERA = "nc-queue-mismatch";
    private static final String QUEUE = "edgevideo.frames." + CAMERA;

    @TempDir
    Path work;

    @Test
    void aQueueDeclaredWithAnotherMaxLengthIsToldOnceWithTheFixAndItsFramesAreCountedAsDropped() throws Exception {
        try (MjpegHttpCamera source = new MjpegHttpCamera(320, 180, 10);
             Brokers brokers = new Brokers();
             CapturedLogs logs = CapturedLogs.capture()) {
            brokers.forget(CAMERA);
            assertThat(brokers.queueDeclaredWith(QUEUE, Map.of("x-max-length", 7, "x-overflow", "drop-head")))
                    .isTrue();
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera(CAMERA, source.url(), "fps", "5"));
            try (RunningService service = RunningService.start(routes, Map.of())) {
                CameraRuntime camera = Cameras.camera(service.context(), CAMERA);
                await().atMost(30, SECONDS).untilAsserted(() -> {
                    CameraRuntime.SinkCounters rabbit = camera.sink("rabbitmq");
                    assertThat(rabbit.droppedCount(SinkOutcomes.REASON_SINK_ERROR)
                               + rabbit.droppedCount(SinkOutcomes.REASON_SINK_OPEN)).isGreaterThanOrEqualTo(20);
                    assertThat(camera.sink("redis").publishedCount()).isGreaterThanOrEqualTo(20);
                });
                assertThat(camera.sink("rabbitmq").publishedCount()).isZero();
                assertThat(logs.lines().stream().filter(line -> line.startsWith("WARN")
                        && line.contains("RabbitMQ refuses the queue of camera " + CAMERA
                                         + ": inequivalent arg 'x-max-length' for queue '" + QUEUE + "'")
                        && line.contains("delete it (rabbitmqctl delete_queue " + QUEUE + ")")
                        && line.contains("edgevideo.rabbitmq.queue.declare=false")).count()).isEqualTo(1);
                assertThat(logs.lines()).as("not an outage: %s", logs.lines())
                        .noneMatch(line -> line.contains("RabbitMQ at") && line.contains("unavailable"))
                        .noneMatch(line -> line.contains("rabbitmq-server -detached"));
            } finally {
                brokers.deleteQueue(QUEUE);
            }
        }
    }
}
