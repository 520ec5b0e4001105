package dev.edgevideo.http;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
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
        int port = camelContext.getPropertiesComponent().resolveProperty("camel.server.port")
                .map(Integer::parseInt).orElse(8080);
        camelContext.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new MainServerEngine(port));
    }

    /** The Vert.x engine, told the main server's port instead of guessing it. */
    static final class MainServerEngine extends VertxPlatformHttpEngine {

        private final int port;

        MainServerEngine(int port) {
            this.port = port;
        }

        @Override
        public int getServerPort() {
            return port;
        }
    }
}
