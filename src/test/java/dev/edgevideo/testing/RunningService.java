package dev.edgevideo.testing;

import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.EdgeVideoApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real service, booted in-process the way {@code EdgeVideoMain} boots it (camel-main, the repository's
 * {@code config/application.properties}, routes read from a directory), with property overrides for a test.
 */
public final class RunningService implements AutoCloseable {

    private final Main main;

    private RunningService(Main main) {
        this.main = main;
    }

    /** The checkout's root (failsafe sets {@code edgevideo.home}; defaults to the working directory). */
    public static Path home() {
        return Path.of(System.getProperty("edgevideo.home", ".")).toAbsolutePath().normalize();
    }

    public static RunningService start(Path routesDir, Map<String, String> overrides) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(EdgeVideoApplication.propertiesLocation(home().resolve("config")));
        EdgeVideoApplication.configure(main.configure(), routesDir);
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            // A service that failed to start must not leave threads or connections behind for the next test.
            main.stop();
            throw e;
        }
        return new RunningService(main);
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
}
