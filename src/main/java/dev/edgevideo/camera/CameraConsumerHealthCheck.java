package dev.edgevideo.camera;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of one running camera consumer, id {@code consumer:camera-<routeId>}: UP while the camera is up
 * ({@link CameraState#isUp()}), DOWN with the reason otherwise. The details carry the masked url, the age of the
 * last frame and the last error, so {@code /observe/health} says why a camera is dark.
 * Neither a readiness nor a liveness check: one dark camera must not take the whole service out of a load balancer
 * (the service's readiness is decided across all cameras and sinks elsewhere).
 */
public class CameraConsumerHealthCheck extends AbstractHealthCheck {

    private final CameraRuntime camera;

    CameraConsumerHealthCheck(CameraRuntime camera, String routeId) {
        super("camel", "consumer:camera-" + routeId);
        this.camera = camera;
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
        CameraStatus status = camera.status();
        builder.detail("route.id", camera.routeId());
        builder.detail("camera.id", camera.cameraId());
        builder.detail("camera.url", camera.maskedUrl());
        builder.detail("camera.state", status.state().name());
        builder.detail("camera.circuit", status.circuit().name());
        double age = camera.lastFrameAgeSeconds();
        if (!Double.isNaN(age)) {
            builder.detail("camera.last.frame.age.seconds", age);
        }
        if (status.lastError() != null) {
            builder.detail("camera.last.error", status.lastError());
        }
        if (status.state().isUp()) {
            builder.up();
            return;
        }
        if (status.state() == CameraState.FROZEN) {
            builder.message("Camera " + camera.cameraId() + " is FROZEN: frames arrive but the picture does not"
                            + " change");
        } else {
            // The error (with its URL) goes only in the details: Camel's management server (4.18) escapes messages
            // twice (Jsoner.escape, then the JSON writer), which turns every URL into rtsp:\\/\\/; details are
            // escaped once. Canary: CamelWorkaroundsCanaryTest.theManagementServerEscapesHealthMessagesTwice.
            builder.message("Camera " + camera.cameraId() + " has no stream (" + status.state() + ", "
                            + status.consecutiveFailures() + " failed attempts in a row); see camera.last.error");
        }
        builder.down();
    }
}
