package dev.edgevideo.http;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The Vert.x engine of HTTP routes (REST DSL, platform-http), attaching them to the main server, not the
 * management server, on {@code camel.server.port} whatever its value.
 * <p>
 * Camel's Vert.x engine finds the port of the server to attach routes to by looking for the single HTTP server in
 * the context; with the management server running too there are two, it falls back to 8080, and every HTTP route
 * fails to start as soon as the main port is anything else ("No PlatformHttpEngine created and setup in registry
 * with name: platform-http-router-8080").
 */
public final class MainServerEngine extends VertxPlatformHttpEngine {

    private final CamelContext camelContext;

    private MainServerEngine(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** Sets this engine on the platform-http component when the main server is on ({@code camel.server.enabled}). */
    public static void install(CamelContext camelContext) {
        boolean serverEnabled = camelContext.getPropertiesComponent().resolveProperty("camel.server.enabled")
                .map(Boolean::parseBoolean).orElse(false);
        if (serverEnabled) {
            camelContext.getComponent("platform-http", PlatformHttpComponent.class)
                    .setEngine(new MainServerEngine(camelContext));
        }
    }

    @Override
    public int getServerPort() {
        MainHttpServer server = camelContext.hasService(MainHttpServer.class);
        return server != null ? server.getPort() : super.getServerPort();
    }
}
