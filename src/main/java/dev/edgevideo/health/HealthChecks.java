package dev.edgevideo.health;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.SinkView;
import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Registers the sink and readiness checks with Camel's health check registry, and keeps Camel's per-route and
 * per-consumer checks out of the probes ({@link ReportOnlyRepository}): readiness is the service's own decision.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    public static void install(CamelContext camelContext, SinkOutcomes outcomes, StatusService status)
            throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
        if (registry == null) {
            return;
        }
        for (Sink sink : Sink.values()) {
            registry.register(new SinkHealthCheck(sink, outcomes));
        }
        registry.register(new ReadinessHealthCheck(status));
        // camel-main registers its routes and consumers repositories while it configures the context: replace
        // them once it has started.
        camelContext.addStartupListener((context, alreadyStarted) -> ReportOnlyRepository.install(registry));
    }

    /**
     * The service is ready while it does its job at all: at least one camera streams (or, in a cluster, every
     * camera is consumed by another instance) and at least one sink takes frames. One dark camera or one sink away
     * is not a reason to take the service out of rotation.
     */
    static final class ReadinessHealthCheck extends AbstractHealthCheck {

        private final StatusService status;

        ReadinessHealthCheck(StatusService status) {
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

    /**
     * Health of one sink, id {@code sink:<id>}: DOWN while its frames are being dropped. Like the camera checks it
     * is neither readiness nor liveness: one sink away leaves the other one publishing, so
     * {@link ReadinessHealthCheck} decides across both.
     */
    static final class SinkHealthCheck extends AbstractHealthCheck {

        private final Sink sink;
        private final SinkOutcomes outcomes;

        SinkHealthCheck(Sink sink, SinkOutcomes outcomes) {
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
                builder.message(sink.displayName() + " is unavailable: its frames are dropped until it is back").down();
            }
        }
    }

    /**
     * Camel's own per-route checks ({@code route:<id>}, repository {@code routes}) and per-consumer checks
     * ({@code consumer:<id>}, repository {@code consumers}) as report-only checks: still listed at
     * {@code /observe/health}, but taking part in neither readiness nor liveness. Camel makes each of them both, so
     * stopping one camera over JMX (the documented control) answered 503 on {@code /observe/health/ready} and
     * {@code /live}. Whether the service is ready is the {@link ReadinessHealthCheck}'s decision (and, in a
     * cluster, the cluster check's); Camel's {@code context} check stays in both probes.
     */
    private record ReportOnlyRepository(HealthCheckRepository camel) implements HealthCheckRepository {

        /** Replaces Camel's {@code routes} and {@code consumers} repositories by report-only views of them. */
        static void install(HealthCheckRegistry registry) {
            for (String id : new String[] {"routes", "consumers"}) {
                registry.getRepository(id).filter(repository -> !(repository instanceof ReportOnlyRepository))
                        .ifPresent(repository -> {
                            registry.unregister(repository);
                            registry.register(new ReportOnlyRepository(repository));
                        });
            }
        }

        @Override
        public String getId() {
            return camel.getId();
        }

        @Override
        public boolean isEnabled() {
            return camel.isEnabled();
        }

        @Override
        public void setEnabled(boolean enabled) {
            camel.setEnabled(enabled);
        }

        @Override
        public Stream<HealthCheck> stream() {
            return camel.stream().map(ReportOnly::new);
        }
    }

    /** One of Camel's checks, unchanged but for taking part in no probe. */
    private record ReportOnly(HealthCheck check) implements HealthCheck {

        @Override
        public String getId() {
            return check.getId();
        }

        @Override
        public String getGroup() {
            return check.getGroup();
        }

        @Override
        public int getOrder() {
            return check.getOrder();
        }

        @Override
        public boolean isEnabled() {
            return check.isEnabled();
        }

        @Override
        public void setEnabled(boolean enabled) {
            check.setEnabled(enabled);
        }

        @Override
        public Map<String, Object> getMetaData() {
            return check.getMetaData();
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
        public Result call(Map<String, Object> options) {
            return check.call(options);
        }
    }
}
