package dev.edgevideo.metrics;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatistics;
import dev.edgevideo.camera.CameraStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The health of every camera's connection: its circuit ({@code edge_video_camera_circuit_state}, 0 closed,
 * 1 open, 2 half-open), what it is doing ({@code edge_video_camera_state{state}}, 1 for the current state) and
 * how often its stream failed and was reopened ({@code edge_video_camera_reconnects_total}).
 */
public class CameraConnectionMetrics implements MeterBinder {

    public static final String CIRCUIT_STATE = "edge_video_camera_circuit_state";
    public static final String STATE = "edge_video_camera_state";
    public static final String RECONNECTS = "edge_video_camera_reconnects";

    private final CameraComponent cameras;

    public CameraConnectionMetrics(CameraComponent cameras) {
        this.cameras = cameras;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cameras.onCamera((cameraId, statistics) -> register(registry, cameraId, statistics));
    }

    private static void register(MeterRegistry registry, String cameraId, CameraStatistics statistics) {
        Gauge.builder(CIRCUIT_STATE, statistics, s -> s.status() == null ? 0 : s.status().circuitCode())
                .description("The camera's circuit breaker: 0 closed, 1 open, 2 half-open")
                .tag("camera_id", cameraId).register(registry);
        for (CameraState state : CameraState.values()) {
            Gauge.builder(STATE, statistics, s -> currentState(s) == state ? 1 : 0)
                    .description("1 for what the camera is doing now, 0 for the other states")
                    .tags("camera_id", cameraId, "state", state.name()).register(registry);
        }
        FunctionCounter.builder(RECONNECTS, statistics, CameraStatistics::reconnects)
                .description("Sessions that failed, stalled or ended and were reopened")
                .tag("camera_id", cameraId).register(registry);
    }

    private static CameraState currentState(CameraStatistics statistics) {
        CameraStatus status = statistics.status();
        return status == null ? CameraState.STOPPED : status.state();
    }
}
