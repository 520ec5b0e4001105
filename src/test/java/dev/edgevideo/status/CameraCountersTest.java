package dev.edgevideo.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.sink.SinkOutcomes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A camera's counters show in every reader under the names operators rely on: the JMX attributes, the Prometheus
 * series and the API's JSON fields that were there before the counters became data, and every
 * {@link CameraCounter} in all three.
 */
class CameraCountersTest extends CamelTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private PrometheusMeterRegistry meters;
    private CameraRuntime camera;

    @Override
    protected boolean useJmx() {
        return true;
    }

    @BeforeEach
    void cameraWithMeters() {
        CameraComponent cameras = context.getComponent("camera", CameraComponent.class);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cameras.getRegistry().addListener(new CameraMeters(meters,
                new SinkOutcomes(cameras.getRegistry(), "rabbit:5672", "redis:6379")));
        // A started camera endpoint puts the camera in the registry; nothing consumes it.
        context.getEndpoint("camera:cam?url=rtsp://127.0.0.1:1/none");
        camera = cameras.getRegistry().find("cam").orElseThrow();
    }

    @Test
    void jmxKeepsItsAttributesAndShowsEveryCounter() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.apache.camel:context=" + context.getManagementName()
                                         + ",type=cameras,name=\"cam\"");
        List<String> attributes = new ArrayList<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            attributes.add(attribute.getName());
            server.getAttribute(name, attribute.getName());
        }
        assertThat(attributes).contains("CameraId", "RouteId", "State", "CircuitState", "ConsecutiveFailures",
                "LastError", "Url", "TargetFps", "AllowedFps", "KeyFramesOnly", "DecodeStrategy", "SourceMissedSlots",
                "DeliveredFps", "SourceFps", "FramesDecoded", "FramesCaptured", "FramesDelivered", "FramesStale",
                "FramesThrottled", "Reconnects", "LastFrameAgeSeconds", "ChangeCostMicros");
        for (CameraCounter counter : CameraCounter.values()) {
            assertThat(attributes).contains(counter.jmxName());
        }
        assertThat(server.getAttribute(name, "FramesCaptured")).isEqualTo(0L);
        assertThat(server.getAttribute(name, "ConsecutiveFailures")).isEqualTo(0);
        assertThat(server.getAttribute(name, "LastFrameAgeSeconds")).isEqualTo(-1.0);
        assertThat(server.getMBeanInfo(name).getOperations()).extracting(operation -> operation.getName())
                .containsExactly("reconnect");
    }

    @Test
    void metricsKeepTheirSeriesAndShowEveryCounter() {
        String scrape = meters.scrape();
        String cam = "camera_id=\"cam\"";
        assertThat(scrape).contains("edge_video_frames_captured_total{" + cam + "}",
                "edge_video_frames_published_total{" + cam + ",sink=\"redis\"}",
                "edge_video_camera_fps{" + cam + "}", "edge_video_camera_source_fps{" + cam + "}",
                "edge_video_camera_source_shortfall{" + cam + "}",
                "edge_video_camera_last_frame_age_seconds{" + cam + "}",
                "edge_video_camera_clock_offset_seconds{" + cam + "}", "edge_video_camera_circuit_state{" + cam + "}",
                "edge_video_camera_state{" + cam + ",state=\"STREAMING\"}",
                "edge_video_capture_latency_seconds_count{" + cam + ",sink=\"rabbitmq\"}",
                "edge_video_camera_reconnects_total{" + cam + "}", "edge_video_camera_throttled_total{" + cam + "}",
                "edge_video_camera_paused_total{" + cam + "}", "edge_video_camera_frozen_total{" + cam + "}",
                "edge_video_camera_change_cost_seconds{" + cam + "}");
        for (String reason : List.of("source", "decode", "behind", "stale", "throttled", "unchanged", "sink_open",
                "sink_error")) {
            for (String sink : List.of("rabbitmq", "redis")) {
                assertThat(scrape).contains("edge_video_frames_dropped_total{" + cam + ",reason=\"" + reason
                                            + "\",sink=\"" + sink + "\"}");
            }
        }
        for (CameraCounter counter : CameraCounter.values()) {
            assertThat(scrape).contains(counter.kind().isDrop()
                    ? "edge_video_frames_dropped_total{" + cam + ",reason=\"" + counter.key() + "\""
                    : counter.metric() + "_total{" + cam + "}");
        }
    }

    @Test
    void apiKeepsItsFieldsAndShowsEveryCounter() {
        JsonNode view = JSON.valueToTree(CameraView.of(camera, null, System.currentTimeMillis()));
        List<String> fields = new ArrayList<>();
        view.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("id", "route_id", "state", "owner", "up", "circuit", "url", "target_fps",
                "allowed_fps", "fps", "fps_window_seconds", "source_fps", "frames", "dropped", "reconnects",
                "last_frame_age_seconds", "capturing_seconds", "last_error", "average_frame_bytes", "source_codec",
                "key_frames_only", "decode_strategy", "publish_on", "unchanged_share", "change_cost_micros",
                "sampling_clock", "source_shortfall", "source_shortfall_reason", "timestamp_source",
                "clock_offset_ms", "standby").doesNotContain("events");
        assertThat(names(view.get("frames"))).containsExactly("source", "decoded", "captured", "delivered",
                "rabbitmq", "redis");
        assertThat(names(view.get("dropped"))).containsExactly("source", "decode", "behind", "stale", "throttled",
                "unchanged", "rabbitmq_sink_open", "rabbitmq_sink_error", "redis_sink_open", "redis_sink_error");
        assertThat(view.get("fps_window_seconds").asInt()).isEqualTo(CameraRuntime.RATE_WINDOW_SECONDS);
        for (CameraCounter counter : CameraCounter.values()) {
            JsonNode parent = switch (counter.kind()) {
                case FRAMES -> view.get("frames");
                case MISSED, DROPPED -> view.get("dropped");
                case EVENTS -> view;
            };
            assertThat(parent.get(counter.key())).as(counter.name()).isNotNull();
            assertThat(parent.get(counter.key()).asLong()).isZero();
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
