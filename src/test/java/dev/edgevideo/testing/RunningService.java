package dev.edgevideo.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.edgevideo.EdgeVideoApplication;
import dev.edgevideo.sink.SinkOutcomes;
import dev.edgevideo.sink.Sinks;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real service, booted in-process the way {@code EdgeVideoMain} boots it (camel-main, the repository's
 * {@code config/application.properties}, routes read from a directory), with property overrides for a test.
 * Its HTTP and management servers listen on free ports unless the overrides say otherwise, so test runs in
 * parallel never collide on 8080/9090.
 */
public final class RunningService implements AutoCloseable {

    private final Main main;
    private final int httpPort;
    private final int managementPort;

    private RunningService(Main main, int httpPort, int managementPort) {
        this.main = main;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** The checkout's root (failsafe sets {@code edgevideo.home}; defaults to the working directory). */
    public static Path home() {
        return Path.of(System.getProperty("edgevideo.home", ".")).toAbsolutePath().normalize();
    }

    public static RunningService start(Path routesDir, Map<String, String> overrides) throws Exception {
        return start(routesDir, overrides, Map.of());
    }

    /** Starts with beans bound before start-up, e.g. a fake memory probe the governor then uses. */
    public static RunningService start(Path routesDir, Map<String, String> overrides, Map<String, Object> beans)
            throws Exception {
        Main main = new Main();
        beans.forEach(main::bind);
        // A profile chosen in the overrides adds config/application-<profile>.properties, as --profile does.
        main.setPropertyPlaceholderLocations(EdgeVideoApplication.propertiesLocation(home().resolve("config"),
                overrides.get(EdgeVideoApplication.PROFILE_KEY)));
        EdgeVideoApplication.configure(main.configure(), routesDir);
        // Free ports unless the test chose: a service running on this machine must not make the test fail.
        Map<String, String> properties = new HashMap<>(FreePorts.httpServers(FreePorts.next(), FreePorts.next()));
        properties.putAll(overrides);
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            // A service that failed to start must not leave threads or connections behind for the next test.
            main.stop();
            throw e;
        }
        return new RunningService(main, Integer.parseInt(properties.get("camel.server.port")),
                Integer.parseInt(properties.get("camel.management.port")));
    }

    /** Port of the HTTP server (APIs, status page). */
    public int httpPort() {
        return httpPort;
    }

    /** Port of the management server (metrics, health). */
    public int managementPort() {
        return managementPort;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    /** The sinks' outcome recorder, from the sinks the composition root added as a service of the context. */
    public SinkOutcomes sinkOutcomes() {
        return context().hasService(Sinks.class).outcomes();
    }
}
