package dev.edgevideo.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RunningService;

/** One edge-video instance in its own JVM, started as an operator does ({@code bin/edge-video}), in a cluster. */
final class ClusterNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String nodeId;
    private final int httpPort = FreePorts.next();
    private final Process process;

    ClusterNode(String nodeId, String zookeeper, String basePath, Path routes, Path log) throws IOException {
        this.nodeId = nodeId;
        ProcessBuilder builder = new ProcessBuilder("bash", RunningService.home().resolve("bin/edge-video").toString(),
                "--routes", routes.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("EDGEVIDEO_CLUSTER_ENABLED", "true");
        env.put("EDGEVIDEO_CLUSTER_ZOOKEEPER", zookeeper);
        env.put("EDGEVIDEO_CLUSTER_NODE_ID", nodeId);
        env.put("EDGEVIDEO_CLUSTER_BASE_PATH", basePath);
        env.put("EDGEVIDEO_HEAP", "256m");
        env.put("EDGEVIDEO_STATISTICS_INTERVAL_SECONDS", "0");
        // CAMEL_SERVER_PORT / CAMEL_MANAGEMENT_PORT are ignored today (start-up bug): system properties work.
        env.put("JAVA_OPTS", "-Dcamel.server.port=" + httpPort + " -Dcamel.management.port=" + FreePorts.next());
        process = builder.start();
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

    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL
        process.waitFor();
    }

    void terminate() throws InterruptedException {
        process.destroy(); // SIGTERM
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
