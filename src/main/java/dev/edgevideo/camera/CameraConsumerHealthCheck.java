package dev.edgevideo.camera;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of one running camera consumer, id {@code consumer:camera-<routeId>}: UP while frames flow (or while
 * the memory governor holds the camera on purpose), DOWN with the reason otherwise. The details carry the masked
 * url, the age of the last frame and the last error, so {@code /observe/health} says why a camera is dark.
 * <p>
 * One dark camera must not take the whole service out of a load balancer, so the check is neither a readiness nor
 * a liveness check: it shows in {@code /observe/health}, and the service's readiness is decided across all
 * cameras and sinks elsewhere.
 */
public class CameraConsumerHealthCheck extends AbstractHealthCheck {

    private final CameraConsumer consumer;
    private final String routeId;

    public CameraConsumerHealthCheck(CameraConsumer consumer, String routeId) {
        super("camel", "consumer:camera-" + routeId);
        this.consumer = consumer;
        this.routeId = routeId;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CameraEndpoint endpoint = consumer.getEndpoint();
        CameraStatistics statistics = endpoint.getStatistics();
        CameraState state = consumer.getState();
        builder.detail("route.id", routeId);
        builder.detail("camera.id", endpoint.getCameraId());
        builder.detail("camera.url", endpoint.getMaskedUrl());
        builder.detail("camera.state", state.name());
        long lastFrame = statistics.lastFrameEpochMillis();
        if (lastFrame > 0) {
            builder.detail("camera.last.frame.age.seconds", (System.currentTimeMillis() - lastFrame) / 1000.0);
        }
        if (statistics.lastError() != null) {
            builder.detail("camera.last.error", statistics.lastError());
        }
        if (state == CameraState.STREAMING || state == CameraState.PAUSED) {
            builder.up();
            return;
        }
        builder.message("Camera " + endpoint.getCameraId() + " has no stream (" + state + ")"
                        + (statistics.lastError() == null ? "" : ": " + statistics.lastError()));
        builder.down();
    }
}
