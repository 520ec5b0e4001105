package dev.edgevideo.health;

import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;

/**
 * Camel's own per-route checks ({@code route:<id>}, repository {@code routes}) and per-consumer checks
 * ({@code consumer:<id>}, repository {@code consumers}) as report-only checks: still listed at
 * {@code /observe/health}, but taking part in neither readiness nor liveness. Camel makes each of them both, so
 * stopping one camera over JMX (the documented control) answered 503 on {@code /observe/health/ready} and
 * {@code /live}. Whether the service is ready is the {@link ReadinessHealthCheck}'s decision (and, in a cluster,
 * the cluster check's); Camel's {@code context} check stays in both probes.
 */
final class ReportOnlyRepository implements HealthCheckRepository {

    /** Ids of Camel's repositories whose checks are made report-only. */
    static final String[] CAMEL_REPOSITORIES = {"routes", "consumers"};

    private final HealthCheckRepository camel;

    private ReportOnlyRepository(HealthCheckRepository camel) {
        this.camel = camel;
    }

    /**
     * Replaces Camel's {@code routes} and {@code consumers} repositories in the registry by report-only views of
     * them. Called once the context has started, when camel-main has registered them.
     */
    static void install(CamelContext camelContext) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camelContext);
        if (registry == null) {
            return;
        }
        for (String id : CAMEL_REPOSITORIES) {
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
        public Result call() {
            return check.call();
        }

        @Override
        public Result call(Map<String, Object> options) {
            return check.call(options);
        }
    }
}
