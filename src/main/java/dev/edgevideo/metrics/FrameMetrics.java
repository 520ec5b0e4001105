package dev.edgevideo.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraStatistics;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Where every frame went, per camera and sink. For each sink X the counters add up:
 * {@code edge_video_frames_captured_total = edge_video_frames_published_total{sink=X}
 * + sum over reasons of edge_video_frames_dropped_total{sink=X}} (give or take the frames in flight).
 * Captured frames are the sampling slots at the camera's own rate; {@code stale} and {@code throttled} drops
 * happen before the sinks and count for both.
 */
public class FrameMetrics implements MeterBinder {

    public static final String CAPTURED = "edge_video_frames_captured";
    public static final String PUBLISHED = "edge_video_frames_published";
    public static final String DROPPED = "edge_video_frames_dropped";

    /** Drop reasons counted before the sinks, from the camera's own statistics. */
    private static final List<String> CAMERA_REASONS = List.of("stale", "throttled");

    private final CameraComponent cameras;
    private final SinkOutcomes sinkOutcomes;

    public FrameMetrics(CameraComponent cameras, SinkOutcomes sinkOutcomes) {
        this.cameras = cameras;
        this.sinkOutcomes = sinkOutcomes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cameras.onCamera((cameraId, statistics) -> register(registry, cameraId, statistics));
    }

    private void register(MeterRegistry registry, String cameraId, CameraStatistics statistics) {
        counter(registry, CAPTURED, "Frames captured: sampling slots at the camera's own rate", statistics,
                CameraStatistics::capturedFrames, "camera_id", cameraId);
        for (Sink sink : Sink.values()) {
            counter(registry, PUBLISHED, "Frames the sink confirmed", sinkOutcomes,
                    outcomes -> outcomes.publishedCount(cameraId, sink), "camera_id", cameraId, "sink", sink.id());
            counter(registry, DROPPED, "Frames not published to the sink, by reason", statistics,
                    CameraStatistics::staleFrames, "camera_id", cameraId, "sink", sink.id(), "reason", CAMERA_REASONS.get(0));
            counter(registry, DROPPED, "Frames not published to the sink, by reason", statistics,
                    CameraStatistics::throttledFrames, "camera_id", cameraId, "sink", sink.id(), "reason", CAMERA_REASONS.get(1));
            for (String reason : SinkOutcomes.REASONS) {
                counter(registry, DROPPED, "Frames not published to the sink, by reason", sinkOutcomes,
                        outcomes -> outcomes.droppedCount(cameraId, sink, reason),
                        "camera_id", cameraId, "sink", sink.id(), "reason", reason);
            }
        }
    }

    private static <T> void counter(MeterRegistry registry, String name, String description, T source,
                                    ToDoubleFunction<T> count, String... tags) {
        FunctionCounter.builder(name, source, count).description(description).tags(tags).register(registry);
    }
}
