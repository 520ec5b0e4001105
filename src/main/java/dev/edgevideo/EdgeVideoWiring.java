package dev.edgevideo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.edgevideo.api.CamerasApi;
import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.cluster.CameraCluster;
import dev.edgevideo.cluster.ClusterConfiguration;
import dev.edgevideo.cluster.ClusterSettings;
import dev.edgevideo.governor.GovernorMetrics;
import dev.edgevideo.governor.ManagedMemoryGovernor;
import dev.edgevideo.governor.MemoryApi;
import dev.edgevideo.governor.MemoryGovernor;
import dev.edgevideo.governor.MemoryGovernorSettings;
import dev.edgevideo.governor.MemoryProbe;
import dev.edgevideo.governor.OshiSystemProbe;
import dev.edgevideo.health.HealthChecks;
import dev.edgevideo.metrics.CameraMeters;
import dev.edgevideo.metrics.MetricsConfiguration;
import dev.edgevideo.metrics.SystemMetrics;
import dev.edgevideo.report.StatisticsReporter;
import dev.edgevideo.routes.RoutesConfiguration;
import dev.edgevideo.settings.Settings;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.sink.Sinks;
import dev.edgevideo.status.StatusService;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestConfiguration;

/**
 * The composition root: builds the service's object graph in order, with constructors, from the settings bound
 * once at the top, and binds by name only what the YAML routes reference ({@code camerasApi}, ...). Features do
 * not look each other up; each gets what it uses from here.
 */
final class EdgeVideoWiring implements CamelConfiguration {

    private final Path routesDir;

    EdgeVideoWiring(Path routesDir) {
        this.routesDir = routesDir;
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        KnownSettings.checkFilesHaveNoUnknownKey(camelContext);
        Settings settings = new Settings(camelContext);
        ServiceSettings service = settings.bind(ServiceSettings.PREFIX, new ServiceSettings()).validate();
        ClusterSettings clusterSettings = settings.bind(ClusterSettings.PREFIX, new ClusterSettings()).validate();
        CameraRegistry cameras = camelContext.getComponent("camera", CameraComponent.class).getRegistry();

        RoutesConfiguration.install(camelContext, routesDir);
        Sinks sinks = new Sinks(camelContext, cameras, settings, clusterSettings.nodeId(),
                Duration.ofSeconds(service.getMetrics().systemIntervalSeconds()));
        camelContext.addService(sinks, true, true);
        sinks.routeBeans().forEach(camelContext.getRegistry()::bind);
        SinkOutcomes sinkOutcomes = sinks.outcomes();

        // The one OSHI reader of the service: the governor's memory signal (unless a probe was bound to replace
        // it) and the status page's CPU and threads.
        OshiSystemProbe systemProbe = new OshiSystemProbe();
        MemoryProbe probe = camelContext.getRegistry().lookupByNameAndType(MemoryProbe.BEAN, MemoryProbe.class);
        MemoryGovernor governor = new MemoryGovernor(settings.bind(MemoryGovernorSettings.PREFIX,
                new MemoryGovernorSettings()), probe != null ? probe : systemProbe);
        camelContext.addService(new ManagedMemoryGovernor(camelContext, governor), true, false);
        cameras.addListener(governor);
        camelContext.getRegistry().bind("memoryGovernor", governor);
        camelContext.getRegistry().bind("memoryApi", new MemoryApi(governor, cameras));
        MeterRegistry meters = MetricsConfiguration.registry(camelContext);
        CameraCluster cluster = ClusterConfiguration.start(camelContext, clusterSettings, cameras, meters);

        StatusService status = new StatusService(camelContext, cameras, governor, systemProbe, sinkOutcomes,
                cluster, Duration.ofSeconds(service.getMetrics().systemIntervalSeconds()));
        camelContext.addService(status, true, false);

        cameras.addListener(new CameraMeters(meters, sinkOutcomes));
        new GovernorMetrics(governor).bindTo(meters);
        sinks.streamLengths().bindTo(meters);
        new SystemMetrics(status).bindTo(meters);

        HealthChecks.install(camelContext, sinkOutcomes, status);
        camelContext.getRegistry().bind(CamerasApi.BEAN, new CamerasApi(status));
        useSnakeCaseJson(camelContext.getRestConfiguration());
        camelContext.addService(new StatisticsReporter(camelContext, status, cameras,
                Duration.ofSeconds(service.getStatistics().intervalSeconds())), true, false);
    }

    /**
     * One JSON casing for the whole HTTP API: snake_case, the casing of the frame metadata, the events and the
     * memory API, set once on the REST binding's Jackson data format.
     */
    private static void useSnakeCaseJson(RestConfiguration rest) {
        Map<String, Object> properties = new HashMap<>(Objects.requireNonNullElse(rest.getDataFormatProperties(),
                Map.of()));
        properties.put("namingStrategy", "SNAKE_CASE");
        rest.setDataFormatProperties(properties);
    }
}
