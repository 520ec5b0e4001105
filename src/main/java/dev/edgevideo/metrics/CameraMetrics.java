package dev.edgevideo.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraStatistics;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * How each camera is doing: delivered and source frame rates, the age of its newest frame, and how long a frame
 * takes from capture to a sink's confirmation (a histogram, so dashboards can show percentiles).
 * <p>
 * Gauges read the camera's statistics when scraped; rates are sampled once a second by the status service. The
 * latency is the wall-clock time from the frame's capture (right after decoding and JPEG encoding) to the sink's
 * confirmation.
 */
public class CameraMetrics implements MeterBinder {

    /** Gauge: frames per second delivered to the route. */
    public static final String FPS = "edge_video_camera_fps";
    /** Gauge: frames per second decoded from the source. */
    public static final String SOURCE_FPS = "edge_video_camera_source_fps";
    /** Gauge: seconds since the newest frame was captured; NaN before the first. */
    public static final String LAST_FRAME_AGE = "edge_video_camera_last_frame_age_seconds";
    /** Timer, scraped as {@code edge_video_capture_latency_seconds_bucket/_count/_sum/_max}. */
    public static final String CAPTURE_LATENCY = "edge_video_capture_latency";

    private final CameraComponent cameras;
    private final SinkOutcomes sinkOutcomes;
    /** Per sink, per camera: looked up on every published frame, so without building a key. */
    private final Map<Sink, Map<String, Timer>> latencies = new EnumMap<>(Sink.class);

    public CameraMetrics(CameraComponent cameras, SinkOutcomes sinkOutcomes) {
        this.cameras = cameras;
        this.sinkOutcomes = sinkOutcomes;
        for (Sink sink : Sink.values()) {
            latencies.put(sink, new ConcurrentHashMap<>());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cameras.onCamera((cameraId, statistics) -> register(registry, cameraId, statistics));
        sinkOutcomes.onPublished((cameraId, sink, captureEpochNanos) -> {
            if (captureEpochNanos > 0) {
                long now = System.currentTimeMillis() * 1_000_000L;
                latency(registry, cameraId, sink).record(Math.max(0, now - captureEpochNanos), TimeUnit.NANOSECONDS);
            }
        });
    }

    private static void register(MeterRegistry registry, String cameraId, CameraStatistics statistics) {
        Gauge.builder(FPS, statistics, CameraStatistics::deliveredFps)
                .description("Frames per second delivered to the camera's route, over the last few seconds")
                .tag("camera_id", cameraId).strongReference(true).register(registry);
        Gauge.builder(SOURCE_FPS, statistics, CameraStatistics::sourceFps)
                .description("Frames per second decoded from the camera's source, over the last few seconds")
                .tag("camera_id", cameraId).strongReference(true).register(registry);
        Gauge.builder(LAST_FRAME_AGE, statistics, CameraMetrics::lastFrameAgeSeconds)
                .description("Seconds since the camera's newest frame was captured")
                .tag("camera_id", cameraId).strongReference(true).register(registry);
    }

    private Timer latency(MeterRegistry registry, String cameraId, Sink sink) {
        return latencies.get(sink).computeIfAbsent(cameraId, id -> Timer.builder(CAPTURE_LATENCY)
                .description("Time from a frame's capture to the sink's confirmation")
                .tags("camera_id", cameraId, "sink", sink.id())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    private static double lastFrameAgeSeconds(CameraStatistics statistics) {
        long last = statistics.lastFrameEpochMillis();
        return last == 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
    }
}
