package dev.edgevideo.health;

import java.util.Map;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of one sink, id {@code sink:<id>}: DOWN while its frames are being dropped. Like the camera checks it is
 * neither readiness nor liveness: one sink away leaves the other one publishing, so {@link ReadinessHealthCheck}
 * decides across both.
 */
public class SinkHealthCheck extends AbstractHealthCheck {

    private final Sink sink;
    private final SinkOutcomes outcomes;

    public SinkHealthCheck(Sink sink, SinkOutcomes outcomes) {
        super("edge-video", "sink:" + sink.id());
        this.sink = sink;
        this.outcomes = outcomes;
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
        builder.detail("sink", sink.id());
        if (outcomes.isAvailable(sink)) {
            builder.up();
        } else {
            builder.message(sink.displayName() + " is unavailable: its frames are dropped until it is back");
            builder.down();
        }
    }
}
