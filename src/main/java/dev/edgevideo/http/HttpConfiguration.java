package dev.edgevideo.http;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * Makes HTTP routes (REST DSL, platform-http) serve on {@code camel.server.port} whatever its value.
 * <p>
 * Camel 4.17's Vert.x engine finds the port of the server to attach routes to by looking for the single HTTP
 * server in the context; with the management server running too there are two, it falls back to 8080, and
 * every HTTP route fails to start as soon as the main port is anything else ("No PlatformHttpEngine created
 * and setup in registry with name: platform-http-router-8080").
 */
public class HttpConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) {
        boolean serverEnabled = camelContext.getPropertiesComponent().resolveProperty("camel.server.enabled")
                .map(Boolean::parseBoolean).orElse(false);
        if (!serverEnabled) {
            return;
        }
        camelContext.getComponent("platform-http", PlatformHttpComponent.class)
                .setEngine(new MainServerEngine(camelContext));
    }

    /** The Vert.x engine, attaching routes to the main server (not the management server) on its real port. */
    static final class MainServerEngine extends VertxPlatformHttpEngine {

        private final CamelContext camelContext;

        MainServerEngine(CamelContext camelContext) {
            this.camelContext = camelContext;
        }

        @Override
        public int getServerPort() {
            MainHttpServer server = camelContext.hasService(MainHttpServer.class);
            return server != null ? server.getPort() : super.getServerPort();
        }
    }
}
