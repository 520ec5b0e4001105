package dev.edgevideo.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, pinned to the HTTP server on {@code camel.server.port}.
 * <p>
 * With the management server also running, Camel 4.17's engine finds two Vert.x servers, cannot tell which one
 * is the main one and falls back to port 8080: on any other {@code camel.server.port} the REST routes fail to
 * start ("No PlatformHttpEngine created and setup in registry with name: platform-http-router-8080").
 */
public class MainServerHttpEngine extends VertxPlatformHttpEngine {

    private final int serverPort;

    public MainServerHttpEngine(int serverPort) {
        this.serverPort = serverPort;
    }

    @Override
    public int getServerPort() {
        return serverPort;
    }
}
