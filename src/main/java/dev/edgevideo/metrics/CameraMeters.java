package dev.edgevideo.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every per-camera meter, read from the camera's registry entry when scraped, in the way of Micrometer's
 * {@code TaggedCircuitBreakerMetrics}: a camera's meters are added when it enters the registry and removed when it
 * leaves, so a camera deleted from the YAML leaves no series behind. Every {@link CameraCounter} is a counter
 * under its {@link CameraCounter#metric()}; drops for every sink, with their reason.
 * <p>
 * Frame accounting: for each sink X, {@code edge_video_frames_captured_total = edge_video_frames_published_total
 * {sink=X} + sum over reasons of edge_video_frames_dropped_total{sink=X}} (give or take the frames in flight);
 * {@code stale}, {@code throttled} and {@code unchanged} drops happen before the sinks and count for both.
 */
public final class CameraMeters implements CameraRegistryListener {

    /** Counter per sink: frames the sink confirmed. */
    public static final String PUBLISHED = "edge_video_frames_published";
    /** Counter per sink and reason: frames not published to the sink. */
    public static final String DROPPED = CameraCounter.DROPPED_METRIC;
    /** Gauge: frames per second delivered to the route. */
    public static final String FPS = "edge_video_camera_fps";
    /** Gauge: frames per second decoded from the source. */
    public static final String SOURCE_FPS = "edge_video_camera_source_fps";
    /** Gauge: 1 while the camera's source sends fewer frames than its target, else 0. */
    public static final String SOURCE_SHORTFALL = "edge_video_camera_source_shortfall";
    /** Gauge: seconds since the newest frame was captured; NaN before the first. */
    public static final String LAST_FRAME_AGE = "edge_video_camera_last_frame_age_seconds";
    /** Gauge: our receive time minus the sender's time of the newest frame; NaN while frames are on our clock. */
    public static final String CLOCK_OFFSET = "edge_video_camera_clock_offset_seconds";
    /** Gauge: median cost of the change detection per frame; NaN before the first picture. */
    public static final String CHANGE_COST = "edge_video_camera_change_cost_seconds";
    /** Timer, scraped as {@code edge_video_capture_latency_seconds_bucket/_count/_sum/_max}. */
    public static final String CAPTURE_LATENCY = "edge_video_capture_latency";
    /** Gauge: the camera's circuit, 0 closed, 1 open, 2 half-open. */
    public static final String CIRCUIT_STATE = "edge_video_camera_circuit_state";
    /** Gauge per state: 1 for what the camera is doing now. */
    public static final String STATE = "edge_video_camera_state";

    private static final String CAMERA_ID = "camera_id";
    private static final String DROPPED_DESCRIPTION = "Frames not published to the sink, by reason";

    private final MeterRegistry registry;
    private final Map<String, CameraMeterSet> cameras = new ConcurrentHashMap<>();

    public CameraMeters(MeterRegistry registry, SinkOutcomes sinkOutcomes) {
        this.registry = registry;
        sinkOutcomes.onPublished(this::recordLatency);
    }

    @Override
    public void onAdded(CameraRuntime camera) {
        cameras.computeIfAbsent(camera.cameraId(), id -> new CameraMeterSet(camera));
    }

    @Override
    public void onRemoved(CameraRuntime camera) {
        CameraMeterSet meters = cameras.remove(camera.cameraId());
        if (meters != null) {
            meters.meters.forEach(registry::remove);
        }
    }

    private void recordLatency(String cameraId, Sink sink, long captureEpochNanos) {
        CameraMeterSet meters = cameras.get(cameraId);
        if (meters != null && captureEpochNanos > 0) {
            long now = System.currentTimeMillis() * 1_000_000L;
            meters.latency.get(sink).record(Math.max(0, now - captureEpochNanos), TimeUnit.NANOSECONDS);
        }
    }

    /** One camera's meters, kept so they can be removed with it. */
    private final class CameraMeterSet {

        private final List<Meter> meters = new ArrayList<>();
        /** Looked up on every published frame, so per sink without building a key. */
        private final Map<Sink, Timer> latency = new EnumMap<>(Sink.class);

        CameraMeterSet(CameraRuntime camera) {
            String id = camera.cameraId();
            for (CameraCounter counter : CameraCounter.values()) {
                if (!counter.kind().isDrop()) {
                    counter(counter.metric(), counter.description(), camera, c -> c.count(counter), CAMERA_ID, id);
                }
            }
            for (Sink sink : Sink.values()) {
                counter(PUBLISHED, "Frames the sink confirmed", camera,
                        c -> c.sink(sink.id()).publishedCount(), CAMERA_ID, id, "sink", sink.id());
                for (CameraCounter counter : CameraCounter.values()) {
                    if (counter.kind().isDrop()) {
                        counter(DROPPED, DROPPED_DESCRIPTION, camera, c -> c.count(counter),
                                CAMERA_ID, id, "sink", sink.id(), "reason", counter.key());
                    }
                }
                for (String reason : SinkOutcomes.REASONS) {
                    counter(DROPPED, DROPPED_DESCRIPTION, camera, c -> c.sink(sink.id()).droppedCount(reason),
                            CAMERA_ID, id, "sink", sink.id(), "reason", reason);
                }
                Timer timer = Timer.builder(CAPTURE_LATENCY)
                        .description("Time from a frame's capture to the sink's confirmation")
                        .tags(CAMERA_ID, id, "sink", sink.id())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry);
                meters.add(timer);
                latency.put(sink, timer);
            }
            gauge(FPS, "Frames per second delivered to the camera's route, over the last "
                       + CameraRuntime.RATE_WINDOW_SECONDS + " s", camera,
                    c -> c.rate(CameraCounter.DELIVERED), CAMERA_ID, id);
            gauge(SOURCE_FPS, "Frames per second the camera's source sends, decoded or not, over the last "
                              + CameraRuntime.RATE_WINDOW_SECONDS + " s",
                    camera, c -> c.rate(CameraCounter.SOURCE_FRAMES), CAMERA_ID, id);
            gauge(SOURCE_SHORTFALL, "1 while the camera fills fewer than 95 % of the frame slots its rate asks for"
                                    + " (the API's source_shortfall_reason says why)",
                    camera, c -> c.isSourceShortfall() ? 1 : 0, CAMERA_ID, id);
            gauge(LAST_FRAME_AGE, "Seconds since the camera's newest frame was captured", camera,
                    CameraRuntime::lastFrameAgeSeconds, CAMERA_ID, id);
            gauge(CLOCK_OFFSET, "Our receive time minus the sender's (RTCP) time of the camera's newest frame",
                    camera, CameraRuntime::clockOffsetSeconds, CAMERA_ID, id);
            gauge(CHANGE_COST, "Median cost of the change detection per frame over the camera's last frames",
                    camera, c -> c.changeCostNanos() / 1e9, CAMERA_ID, id);
            gauge(CIRCUIT_STATE, "The camera's circuit breaker: 0 closed, 1 open, 2 half-open", camera,
                    c -> c.status().circuit().code(), CAMERA_ID, id);
            for (CameraState state : CameraState.values()) {
                gauge(STATE, "1 for what the camera is doing now, 0 for the other states", camera,
                        c -> c.status().state() == state ? 1 : 0, CAMERA_ID, id, "state", state.name());
            }
        }

        private void counter(String name, String description, CameraRuntime camera,
                             ToDoubleFunction<CameraRuntime> count, String... tags) {
            meters.add(FunctionCounter.builder(name, camera, count).description(description).tags(tags)
                    .register(registry));
        }

        private void gauge(String name, String description, CameraRuntime camera,
                           ToDoubleFunction<CameraRuntime> value, String... tags) {
            meters.add(Gauge.builder(name, camera, value).description(description).tags(tags)
                    .strongReference(true).register(registry));
        }
    }
}
