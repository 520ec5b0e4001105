package dev.edgevideo.routes;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.Model;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the camera entries of the routes directory before any route is created, adds templated-route reloading
 * next to Camel's route reloading ({@code camel.main.routes-reload-enabled}), watching the same directory, and
 * the check that refuses camera entries with unknown parameters.
 */
public final class RoutesConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesConfiguration.class);

    private RoutesConfiguration() {
    }

    /** Installs the checks and the reloading for the routes of {@code routesDir}. */
    public static void install(CamelContext camelContext, Path routesDir) throws Exception {
        CameraEntriesCheck.check(camelContext, routesDir, entry -> true); // at start-up: every entry of every file
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new TemplateParameterCheck(model));
        RouteWatcherReloadStrategy camelReload = camelContext.hasService(RouteWatcherReloadStrategy.class);
        if (camelReload != null) {
            camelContext.addService(new TemplatedRoutesReloadStrategy(Path.of(camelReload.getFolder())));
            // Its doStart sets the reload it runs per event: wrap that once started.
            camelContext.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    ResourceReload camel = camelReload.getResourceReload();
                    if (camel != null) {
                        camelReload.setResourceReload(readableOnly(context, camel));
                    }
                }
            });
        }
    }

    /**
     * Camel's route reloading, minus its report of a file that does not parse: for that Camel logs its whole stack
     * trace (about 60 lines for a YAML syntax error), while {@link TemplatedRoutesReloadStrategy}, watching the same
     * directory, already says it in one line with the file, line and column. Such a file is left to that line and
     * reloaded by Camel once it is saved whole. (A file an editor truncated before writing reads as no routes, see
     * {@link RoutesYamlLoader}, and changes nothing here.)
     */
    private static ResourceReload readableOnly(CamelContext context, ResourceReload camel) {
        return (name, resource) -> {
            try {
                TemplatedRoutes.read(context, resource);
            } catch (Exception e) {
                LOG.debug("Routes file {} does not parse, not reloaded (reported by the cameras' reload): {}",
                        resource.getLocation(), e.getMessage());
                return;
            }
            camel.onReload(name, resource);
        };
    }
}
