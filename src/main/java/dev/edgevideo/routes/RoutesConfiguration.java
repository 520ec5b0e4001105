package dev.edgevideo.routes;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.Model;
import org.apache.camel.support.RouteWatcherReloadStrategy;

/**
 * Checks the camera entries of the routes directory before any route is created, adds templated-route reloading
 * next to Camel's route reloading ({@code camel.main.routes-reload-enabled}), watching the same directory, and
 * the check that refuses camera entries with unknown parameters.
 */
public final class RoutesConfiguration {

    private RoutesConfiguration() {
    }

    /** Installs the checks and the reloading for the routes of {@code routesDir}. */
    public static void install(CamelContext camelContext, Path routesDir) throws Exception {
        CameraEntriesCheck.check(camelContext, routesDir);
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new TemplateParameterCheck(model));
        RouteWatcherReloadStrategy camelReload = camelContext.hasService(RouteWatcherReloadStrategy.class);
        if (camelReload != null) {
            camelContext.addService(new TemplatedRoutesReloadStrategy(Path.of(camelReload.getFolder())));
            // Camel's reloading stays for everything but its stack traces of files mid-save or broken, which
            // ours report in one line. Its doStart sets the reload it runs per event: wrap that once started.
            camelContext.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    if (camelReload.getResourceReload() != null) {
                        camelReload.setResourceReload(new ReadableRoutesOnly(context, camelReload.getResourceReload()));
                    }
                }
            });
        }
    }
}
