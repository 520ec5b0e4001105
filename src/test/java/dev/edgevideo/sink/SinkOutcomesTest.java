package dev.edgevideo.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.TimestampSource;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** Every frame sent through a sink's circuit breaker ends as published or dropped with a reason, never lost. */
class SinkOutcomesTest extends CamelTestSupport {

    private final AtomicBoolean sinkDown = new AtomicBoolean();
    private SinkOutcomes outcomes;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        outcomes = new SinkOutcomes(context.getComponent("camera", CameraComponent.class).getRegistry(),
                "rabbit:5672", "redis:6379");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:frame").multicast().parallelProcessing()
                        .circuitBreaker()
                            .resilience4jConfiguration().minimumNumberOfCalls(2).slidingWindowSize(2)
                                .failureRateThreshold(100).waitDurationInOpenState(60).end()
                            .setHeader("x", constant("y"))
                            .to("direct:sink")
                            .process(exchange -> outcomes.published(exchange, Sink.REDIS))
                        .onFallback()
                            .process(exchange -> outcomes.dropped(exchange, Sink.REDIS))
                        .end()
                    .end();
                from("direct:sink").process(exchange -> {
                    if (sinkDown.get()) {
                        throw new IllegalStateException("Connection refused");
                    }
                });
            }
        };
    }

    @Test
    void failedSendsCountAsSinkErrorAndShortCircuitedOnesAsSinkOpen() {
        // A started camera endpoint puts the camera in the registry, where its outcomes are counted.
        context.getEndpoint("camera:cam?url=rtsp://127.0.0.1:1/none");
        send(3);
        sinkDown.set(true);
        send(2);
        send(4);
        CameraRuntime.SinkCounters redis = context.getComponent("camera", CameraComponent.class).getRegistry()
                .find("cam").orElseThrow().sink(Sink.REDIS.id());
        assertThat(redis.publishedCount()).isEqualTo(3);
        assertThat(redis.droppedCount(SinkOutcomes.REASON_SINK_ERROR)).isEqualTo(2);
        assertThat(redis.droppedCount(SinkOutcomes.REASON_SINK_OPEN)).isEqualTo(4);
        assertThat(outcomes.isAvailable(Sink.REDIS)).isFalse();
    }

    private void send(int frames) {
        for (int i = 0; i < frames; i++) {
            long now = System.currentTimeMillis() * 1_000_000L;
            template.sendBodyAndHeader("direct:frame", new byte[] {1}, CameraConstants.FRAME,
                    new CapturedFrame("cam", new byte[] {1}, i + 1, now, now, TimestampSource.RECEIVER, 1, 1,
                            true, "mjpeg", Double.NaN));
        }
    }
}
