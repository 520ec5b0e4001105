package dev.edgevideo.http;

import dev.edgevideo.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the HTTP servers start: refuses a server bound beyond loopback without authentication, or whose port is
 * taken (Camel would start without it), and opens {@code edgevideo.management.open-paths}. Once started: logs
 * where each server really listens, once (not again on a routes reload); Camel's own endpoint summary prints
 * {@code http://0.0.0.0:<port>} whatever the bind address (its logger is turned down in {@code log4j2.xml}).
 */
public class HttpServersCheck extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServersCheck.class);

    @Override
    public void afterConfigure(BaseMainSupport main) {
        MainConfigurationProperties configuration = main.configure();
        if (configuration.httpServer().isEnabled()) {
            ServerSettings.of(configuration.httpServer()).check();
        }
        if (configuration.httpManagementServer().isEnabled()) {
            ServerSettings.of(configuration.httpManagementServer()).check();
        }
        CamelContext context = main.getCamelContext();
        String openPaths = new Settings(context).bind(OpenManagementPaths.PREFIX, new OpenManagementPaths())
                .openPaths();
        OpenManagementPaths.apply(context, openPaths);
        // A startup listener, not afterStart: that runs only from Main.run, and the tests start Main directly.
        // Camel calls it again, already started, for every route added later (each routes reload): log once.
        try {
            context.addStartupListener((started, alreadyStarted) -> {
                if (!alreadyStarted) {
                    logEndpoints(started, configuration, openPaths);
                }
            });
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    private static void logEndpoints(CamelContext context, MainConfigurationProperties configuration,
                                     String openPaths) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server != null) {
            LOG.info("Cameras API and status page on http://{}:{}/ (authentication {})", server.getHost(),
                    server.getPort(), configuration.httpServer().isAuthenticationEnabled() ? "on" : "off");
        }
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null) {
            LOG.info("Metrics, health and Jolokia on http://{}:{}/ (authentication {}{})", management.getHost(),
                    management.getPort(), configuration.httpManagementServer().isAuthenticationEnabled() ? "on" : "off",
                    openPaths.isBlank() ? "" : ", open without credentials: " + openPaths);
        }
    }
}
