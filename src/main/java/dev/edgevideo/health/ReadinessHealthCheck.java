package dev.edgevideo.health;

import java.util.List;
import java.util.Map;

import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.SinkView;
import dev.edgevideo.status.StatusService;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The service is ready while it does its job at all: at least one camera streams (or, in a cluster, every camera is
 * consumed by another instance) and at least one sink takes frames. One dark camera or one sink away is not a
 * reason to take the service out of rotation.
 */
public class ReadinessHealthCheck extends AbstractHealthCheck {

    private final StatusService status;

    public ReadinessHealthCheck(StatusService status) {
        super("edge-video", "edge-video");
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<CameraView> cameras = status.cameras();
        long streaming = cameras.stream().filter(CameraView::up).count();
        long standby = cameras.stream().filter(CameraView::isStandby).count();
        long sinksUp = status.sinks().stream().filter(SinkView::isUp).count();
        builder.detail("cameras.total", cameras.size());
        builder.detail("cameras.streaming", streaming);
        builder.detail("cameras.standby", standby);
        builder.detail("sinks.up", sinksUp);
        // In a cluster an instance may rightly stream nothing: every camera it has is consumed elsewhere.
        boolean allElsewhere = standby > 0 && standby == cameras.size();
        if (streaming == 0 && !allElsewhere) {
            builder.message("No camera streams (" + cameras.size() + " configured)").down();
        } else if (sinksUp == 0) {
            builder.message("Both sinks are down: no frame is published").down();
        } else {
            builder.up();
        }
    }
}
