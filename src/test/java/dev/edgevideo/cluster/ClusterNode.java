package dev.edgevideo.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.ServiceProcess;

/**
 * One edge-video instance in its own JVM, started as an operator does ({@code bin/edge-video}, via
 * {@link ServiceProcess}), in a cluster.
 */
final class ClusterNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String nodeId;
    private final ServiceProcess service;
    private final int httpPort;

    ClusterNode(String nodeId, String zookeeper, String basePath, Path routes, Path log) throws IOException {
        this.nodeId = nodeId;
        service = ServiceProcess.builder().launcher(ServiceProcess.Launcher.SCRIPT).routes(routes)
                .environment(Map.of("EDGEVIDEO_CLUSTER_ENABLED", "true",
                        "EDGEVIDEO_CLUSTER_ZOOKEEPER", zookeeper,
                        "EDGEVIDEO_CLUSTER_NODE_ID", nodeId,
                        "EDGEVIDEO_CLUSTER_BASE_PATH", basePath,
                        "EDGEVIDEO_HEAP", "256m",
                        "EDGEVIDEO_STATISTICS_INTERVAL_SECONDS", "0"))
                .log(log).start();
        httpPort = service.httpPort();
    }

    String statusPage() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** {@code GET /api/v1/cluster}, or null while the node does not answer. */
    JsonNode cluster() {
        try {
            var response = Http.get("http://127.0.0.1:" + httpPort + "/api/v1/cluster");
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (Exception e) {
            return null; // not up (yet), or gone
        }
    }

    /** {@code GET /api/v1/cameras}: every camera configured here, with its state and owner. */
    JsonNode cameras() throws Exception {
        return JSON.readTree(Http.get("http://127.0.0.1:" + httpPort + "/api/v1/cameras").body());
    }

    /** Cameras this node consumes, per its own API (empty while it does not answer). */
    Set<String> owned() {
        Set<String> owned = new HashSet<>();
        JsonNode cluster = cluster();
        if (cluster != null) {
            cluster.get("cameras").forEach(camera -> {
                if (camera.get("state").asText().equals("OWNED")) {
                    owned.add(camera.get("camera_id").asText());
                }
            });
        }
        return owned;
    }

    List<String> members() {
        JsonNode cluster = cluster();
        return cluster == null ? List.of() : JSON.convertValue(cluster.get("members"), List.class);
    }

    boolean connected() {
        JsonNode cluster = cluster();
        return cluster != null && cluster.get("connected").asBoolean();
    }

    /** SIGSTOP: the JVM freezes as in a long GC pause, its sockets open, its ZooKeeper session silent. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + name, Long.toString(service.pid())).inheritIO().start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("kill -" + name + " " + service.pid() + " exited with " + code);
        }
    }

    void kill() throws InterruptedException {
        service.kill(); // SIGKILL
    }

    /** SIGTERM, then waits for the node to end (at most 60 s). */
    void terminate() throws InterruptedException, IOException {
        service.terminate();
        service.exitCode();
    }

    boolean isAlive() {
        return service.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (service.isAlive()) {
            kill();
        }
    }
}
