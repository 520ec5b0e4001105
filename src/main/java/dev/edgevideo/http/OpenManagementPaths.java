package dev.edgevideo.http;

import java.util.ArrayList;
import java.util.List;

import dev.edgevideo.settings.ConfigurationException;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationHandlerFactory;

/**
 * Leaves health and metrics of the management server open when its authentication is on, only where
 * {@code edgevideo.management.open-paths} names them: Prometheus scrapers and orchestrator probes often cannot send
 * credentials, Jolokia (every MBean operation) must never be open. Camel's authentication covers one path pattern for
 * the whole server; this lets the named paths past its handler.
 */
public final class OpenManagementPaths {

    public static final String PREFIX = "edgevideo.management.";

    private String openPaths = "";

    /**
     * With management authentication on: {@code health}, {@code metrics} or both (comma-separated) stay open
     * without credentials. Empty by default: everything asks for them.
     */
    public void setOpenPaths(String openPaths) {
        this.openPaths = openPaths;
    }

    String openPaths() {
        return openPaths;
    }

    static void apply(CamelContext context, String setting) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        List<String> paths = paths(context, server, setting);
        if (paths.isEmpty() || server == null) {
            return;
        }
        AuthenticationConfig authentication = server.getConfiguration().getAuthenticationConfig();
        if (!authentication.isEnabled()) {
            return;
        }
        for (AuthenticationConfigEntry entry : authentication.getEntries()) {
            AuthenticationHandlerFactory protecting = entry.getAuthenticationHandlerFactory();
            entry.setAuthenticationHandlerFactory(new AuthenticationHandlerFactory() {
                @Override
                public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(
                        T provider) {
                    AuthenticationHandler handler = protecting.createAuthenticationHandler(provider);
                    return request -> {
                        if (isOpen(paths, request.normalizedPath())) {
                            request.next();
                        } else {
                            handler.handle(request);
                        }
                    };
                }
            });
        }
    }

    private static List<String> paths(CamelContext context, ManagementHttpServer server, String setting) {
        List<String> paths = new ArrayList<>();
        for (String name : setting.split(",")) {
            switch (name.trim()) {
                case "" -> { }
                case "health" -> paths.add(server == null ? "/observe/health" : server.getHealthPath());
                case "metrics" -> paths.add(context.getPropertiesComponent().resolveProperty("camel.metrics.path")
                        .orElse("/observe/metrics"));
                default -> throw new ConfigurationException(PREFIX + "open-paths = " + setting + ": '" + name.trim()
                        + "' cannot be left open; use health, metrics or both (comma-separated)");
            }
        }
        return paths;
    }

    static boolean isOpen(List<String> paths, String path) {
        return paths.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }
}
