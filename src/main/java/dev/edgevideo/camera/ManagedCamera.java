package dev.edgevideo.camera;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * The one JMX surface of a camera, {@code org.apache.camel:context=<name>,type=cameras,name="<id>"}: it lives as
 * long as the camera's registry entry and reads it. Starting and stopping the camera is done on its route's MBean
 * ({@code type=routes}), like any Camel route.
 */
@ManagedResource(description = "A camera: state, circuit, masked source, frame rates and counters")
public class ManagedCamera {

    private final CameraRuntime camera;
    private final CamelContext camelContext;

    ManagedCamera(CameraRuntime camera, CamelContext camelContext) {
        this.camera = camera;
        this.camelContext = camelContext;
    }

    @ManagedAttribute(description = "Camera id")
    public String getCameraId() {
        return camera.cameraId();
    }

    @ManagedAttribute(description = "Id of the camera's route: stop and start the camera on that route's MBean")
    public String getRouteId() {
        return camera.routeId();
    }

    @ManagedAttribute(description = "CONNECTING, STREAMING, BACKOFF, PAUSED or STOPPED")
    public String getState() {
        return camera.status().state().name();
    }

    @ManagedAttribute(description = "The camera's circuit breaker: CLOSED, OPEN or HALF_OPEN")
    public String getCircuitState() {
        return camera.status().circuit().name();
    }

    @ManagedAttribute(description = "Failed sessions since the last healthy stream")
    public int getConsecutiveFailures() {
        return camera.status().consecutiveFailures();
    }

    @ManagedAttribute(description = "The last capture error, credentials masked; empty once the camera recovered")
    public String getLastError() {
        return camera.status().lastError();
    }

    @ManagedAttribute(description = "Source URL, credentials masked")
    public String getUrl() {
        return camera.maskedUrl();
    }

    @ManagedAttribute(description = "Target frames per second")
    public double getTargetFps() {
        return camera.targetFps();
    }

    @ManagedAttribute(description = "Frames per second the camera samples at now: its target, or the memory"
                                    + " governor's lower cap")
    public double getAllowedFps() {
        return camera.allowedFps();
    }

    @ManagedAttribute(description = "Whether the camera decodes keyframes only now (decodeMode AUTO or KEYFRAMES)")
    public boolean isKeyFramesOnly() {
        return camera.isKeyFramesOnly();
    }

    @ManagedAttribute(description = "What the camera decodes now: all, keyframes, or gop-tail (every frame up to"
                                    + " each GOP's last sample)")
    public String getDecodeStrategy() {
        return camera.decodeStrategy();
    }

    @ManagedAttribute(description = "Frame slots the source filled with no frame in time")
    public long getSourceMissedSlots() {
        return camera.count(CameraCounter.MISSED_SOURCE);
    }

    @ManagedAttribute(description = "Frames per second delivered to the route, over the last 10 s")
    public double getDeliveredFps() {
        return camera.deliveredFps();
    }

    @ManagedAttribute(description = "Frames per second the source sends, decoded or not, over the last 10 s")
    public double getSourceFps() {
        return camera.sourceFps();
    }

    @ManagedAttribute(description = "Frames decoded from the source")
    public long getFramesDecoded() {
        return camera.count(CameraCounter.DECODED);
    }

    @ManagedAttribute(description = "Frames captured: sampling slots at the camera's own rate")
    public long getFramesCaptured() {
        return camera.count(CameraCounter.CAPTURED);
    }

    @ManagedAttribute(description = "Frames delivered to the route")
    public long getFramesDelivered() {
        return camera.count(CameraCounter.DELIVERED);
    }

    @ManagedAttribute(description = "Frames replaced by a newer one before the route took them")
    public long getFramesStale() {
        return camera.count(CameraCounter.STALE);
    }

    @ManagedAttribute(description = "Frames skipped by the memory governor's rate cap")
    public long getFramesThrottled() {
        return camera.count(CameraCounter.THROTTLED);
    }

    @ManagedAttribute(description = "Sessions that failed or ended and were reopened")
    public long getReconnects() {
        return camera.count(CameraCounter.RECONNECTS);
    }

    @ManagedAttribute(description = "Seconds since the newest frame was captured, -1 before the first frame")
    public double getLastFrameAgeSeconds() {
        double age = camera.lastFrameAgeSeconds();
        return Double.isNaN(age) ? -1 : age;
    }

    /** Closes the camera's FFmpeg session and opens a new one, by restarting the camera's route. */
    @ManagedOperation(description = "Close the camera's stream and open it again (restarts its route)")
    public void reconnect() throws Exception {
        String routeId = camera.routeId();
        if (routeId == null) {
            throw new IllegalStateException("camera " + camera.cameraId() + " has no route yet");
        }
        camelContext.getRouteController().stopRoute(routeId);
        camelContext.getRouteController().startRoute(routeId);
    }
}
