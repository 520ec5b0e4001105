package dev.edgevideo.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.TimestampSource;
import dev.edgevideo.testing.CapturedLogs;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the operator reads about a sink: one line when it goes, one when it is back, and the fix when there is one. */
class SinkStateMessagesTest {

    private static final String MISMATCH = "channel error; protocol method: #method<channel.close>(reply-code=406,"
            + " reply-text=PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'edgevideo.frames.cam-b' in"
            + " vhost '/': received the value '50' of type 'long' but current is the value '100' of type 'long',"
            + " class-id=50, method-id=10)";

    private final AtomicLong nanos = new AtomicLong();
    private CamelContext context;
    private CameraComponent cameras;
    private SinkOutcomes outcomes;
    private CapturedLogs logs;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        cameras = context.getComponent("camera", CameraComponent.class);
        for (String id : List.of("cam-a", "cam-b", "cam-c")) {
            context.getEndpoint("camera:" + id + "?url=rtsp://127.0.0.1:1/none");
        }
        outcomes = new SinkOutcomes(cameras.getRegistry(), "127.0.0.1:5672", "127.0.0.1:6379", nanos::get);
        logs = CapturedLogs.capture();
    }

    @AfterEach
    void stop() {
        logs.close();
        context.stop();
    }

    private Exchange frame(String cameraId, Throwable failure) {
        Exchange exchange = new DefaultExchange(context);
        long now = System.currentTimeMillis() * 1_000_000L;
        exchange.getMessage().setHeader(CameraConstants.FRAME,
                new CapturedFrame(cameraId, new byte[] {1}, 1, now, now, TimestampSource.RECEIVER, 1, 1, true,
                        "mjpeg", Double.NaN));
        if (failure != null) {
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        }
        return exchange;
    }

    private static Throwable chain(Throwable root) {
        return new RuntimeException("Redis command failed", new IllegalStateException("wrapped", root));
    }

    private long lines(String fragment) {
        return logs.lines().stream().filter(line -> line.contains(fragment)).count();
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aFlappingOutageSeenByThreeCamerasIsOneLineDownAndOneLineBack() {
        for (int flap = 0; flap < 3; flap++) {
            for (String camera : List.of("cam-a", "cam-b", "cam-c")) {
                outcomes.dropped(frame(camera, chain(new ConnectException("Connection refused"))), Sink.REDIS);
                outcomes.dropped(frame(camera, null), Sink.REDIS);
            }
            advance(300);
            for (String camera : List.of("cam-a", "cam-b", "cam-c")) {
                outcomes.published(frame(camera, null), Sink.REDIS);
            }
            advance(200);
        }
        assertThat(lines("Redis at 127.0.0.1:6379 is unavailable (ConnectException: Connection refused)"))
                .isEqualTo(1);
        assertThat(lines("is back:")).as("not back while it still fails within a second").isZero();
        for (int i = 0; i < 6; i++) {
            advance(250);
            outcomes.published(frame("cam-a", null), Sink.REDIS);
        }
        assertThat(lines("Redis at 127.0.0.1:6379 is back")).isEqualTo(1);
        assertThat(logs.contains("is back:", "(18 frames were dropped while it was away)")).isTrue();
        assertThat(cameras.getRegistry().find("cam-b").orElseThrow().sink("redis")
                .droppedCount(SinkOutcomes.REASON_SINK_ERROR)).isEqualTo(3);
    }

    @Test
    void aQueueDeclaredWithOtherArgumentsIsToldOnceWithTheFixAndItsDropsAreCounted() {
        for (int i = 0; i < 5; i++) {
            outcomes.dropped(frame("cam-b", new RuntimeException("declare failed",
                    new IOException("wrapped", new IllegalStateException(MISMATCH)))), Sink.RABBITMQ);
            outcomes.published(frame("cam-a", null), Sink.RABBITMQ);
            outcomes.published(frame("cam-b", null), Sink.REDIS);
        }
        assertThat(lines("RabbitMQ refuses the queue of camera cam-b: inequivalent arg 'x-max-length' for queue"
                         + " 'edgevideo.frames.cam-b' in vhost '/': received the value '50' of type 'long' but current"
                         + " is the value '100' of type 'long'. Its frames are dropped (and counted) until the queue"
                         + " matches: delete it (rabbitmqctl delete_queue edgevideo.frames.cam-b) so it is declared"
                         + " again, or set edgevideo.rabbitmq.queue.declare=false to use it as it is")).isEqualTo(1);
        assertThat(logs.lines()).as("the broker itself is fine").noneMatch(line -> line.contains("unavailable"))
                .noneMatch(line -> line.contains("rabbitmq-server"));
        assertThat(cameras.getRegistry().find("cam-b").orElseThrow().sink("rabbitmq")
                .droppedCount(SinkOutcomes.REASON_SINK_ERROR)).isEqualTo(5);
        assertThat(outcomes.isAvailable(Sink.RABBITMQ)).isTrue();
    }

    @Test
    void anUnknownHostSaysToCheckTheHostNotToStartTheBroker() {
        outcomes.dropped(frame("cam-a", chain(new UnknownHostException("rabbit.invalid: Name or service not known"))),
                Sink.RABBITMQ);
        assertThat(logs.contains("RabbitMQ at 127.0.0.1:5672 is unavailable (UnknownHostException: rabbit.invalid",
                "check rabbitmq.host: the host name does not resolve")).isTrue();
        assertThat(logs.lines()).noneMatch(line -> line.contains("Start it with"));
    }
}
