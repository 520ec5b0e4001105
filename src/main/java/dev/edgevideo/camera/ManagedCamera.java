package dev.edgevideo.camera;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.RouteController;

/**
 * One camera over JMX, next to Camel's MBeans as {@code org.apache.camel:context=<name>,type=cameras,name="<id>"}.
 * Starting and stopping the camera is done on its route's MBean ({@code type=routes}), like any Camel route.
 */
@ManagedResource(description = "A camera: state, masked source, frame rates and counters")
public class ManagedCamera {

    private final CameraConsumer consumer;
    private final CameraStatistics statistics;

    public ManagedCamera(CameraConsumer consumer) {
        this.consumer = consumer;
        this.statistics = consumer.getEndpoint().getStatistics();
    }

    @ManagedAttribute(description = "Camera id")
    public String getCameraId() {
        return consumer.getEndpoint().getCameraId();
    }

    @ManagedAttribute(description = "Id of the camera's route: stop and start the camera on that route's MBean")
    public String getRouteId() {
        return consumer.getRouteId();
    }

    @ManagedAttribute(description = "CONNECTING, STREAMING, BACKOFF, PAUSED or STOPPED")
    public String getState() {
        return consumer.getState().name();
    }

    @ManagedAttribute(description = "Source URL, credentials masked")
    public String getUrl() {
        return consumer.getEndpoint().getMaskedUrl();
    }

    @ManagedAttribute(description = "Target frames per second")
    public double getTargetFps() {
        return consumer.getEndpoint().getFps();
    }

    @ManagedAttribute(description = "Frames per second delivered to the route, over the last few seconds")
    public double getDeliveredFps() {
        return statistics.deliveredFps();
    }

    @ManagedAttribute(description = "Frames per second decoded from the source, over the last few seconds")
    public double getSourceFps() {
        return statistics.sourceFps();
    }

    @ManagedAttribute(description = "Frames decoded from the source")
    public long getFramesDecoded() {
        return statistics.decodedFrames();
    }

    @ManagedAttribute(description = "Frames captured: sampling slots at the camera's own rate")
    public long getFramesCaptured() {
        return statistics.capturedFrames();
    }

    @ManagedAttribute(description = "Frames delivered to the route")
    public long getFramesDelivered() {
        return statistics.deliveredFrames();
    }

    @ManagedAttribute(description = "Frames replaced by a newer one before the route took them")
    public long getFramesStale() {
        return statistics.staleFrames();
    }

    @ManagedAttribute(description = "Frames skipped by the memory governor's rate cap")
    public long getFramesThrottled() {
        return statistics.throttledFrames();
    }

    @ManagedAttribute(description = "Sessions that failed or ended and were reopened")
    public long getReconnects() {
        return statistics.reconnects();
    }

    @ManagedAttribute(description = "Seconds since the newest frame was captured, -1 before the first frame")
    public double getLastFrameAgeSeconds() {
        long last = statistics.lastFrameEpochMillis();
        return last == 0 ? -1 : (System.currentTimeMillis() - last) / 1000.0;
    }

    @ManagedAttribute(description = "The last capture error, credentials masked")
    public String getLastError() {
        return statistics.lastError();
    }

    /** Closes the camera's FFmpeg session and opens a new one, by restarting the camera's route. */
    @ManagedOperation(description = "Close the camera's stream and open it again (restarts its route)")
    public void reconnect() throws Exception {
        RouteController routes = consumer.getEndpoint().getCamelContext().getRouteController();
        routes.stopRoute(consumer.getRouteId());
        routes.startRoute(consumer.getRouteId());
    }
}
