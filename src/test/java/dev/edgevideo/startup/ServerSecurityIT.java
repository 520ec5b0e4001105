package dev.edgevideo.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP and management servers: never exposed without authentication, everything behind credentials once it is
 * on (health and metrics open only when a key says so), no start without a server whose port is taken, and the
 * real bind address in the log. Only 127.0.0.1 is ever connected to.
 */
class ServerSecurityIT {

    private static final String CLIP = RunningService.home().resolve("samples/demo-720p.mp4").toString();
    private static final HttpClient CLIENT = Http.CLIENT;
    private static final String CREDENTIALS = "Basic " + Base64.getEncoder()
            .encodeToString("startup-admin:startup-s3cret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path work;

    @Test
    void nonLoopbackBindWithoutAuthRefusesToStart() throws Exception {
        String line = ConfigurationErrorsIT.refusal(refusingService("startup-exposed")
                .environment(Map.of("CAMEL_SERVER_HOST", "0.0.0.0")).start());
        assertThat(line).contains("camel.server.host = 0.0.0.0 exposes the cameras API and the status page without"
                                  + " authentication: set camel.server.authentication-enabled=true");
    }

    @Test
    void nonLoopbackManagementWithoutAuthRefusesToStart() throws Exception {
        String line = ConfigurationErrorsIT.refusal(refusingService("startup-exposed2")
                .environment(Map.of("CAMEL_MANAGEMENT_HOST", "0.0.0.0")).start());
        assertThat(line).contains("camel.management.host = 0.0.0.0 exposes metrics, health and Jolokia",
                "set camel.management.authentication-enabled=true");
    }

    @Test
    void basicAuthGuardsEveryPathOfBothServers() throws Exception {
        try (RunningService service = RunningService.start(routes("startup-auth"), authenticated(Map.of()))) {
            String api = "http://127.0.0.1:" + service.httpPort();
            String management = "http://127.0.0.1:" + service.managementPort();
            for (String url : new String[] {api + "/api/v1/cameras", api + "/", api + "/api/v1/memory/stats",
                    management + "/observe/health", management + "/metrics", management + "/observe/jolokia/version"}) {
                assertThat(status(url, null)).as("without credentials: " + url).isEqualTo(401);
                // Health answers 503 while a broker is down (other builds stop them): past the authentication all the
                // same.
                assertThat(status(url, CREDENTIALS)).as("with credentials: " + url)
                        .isIn(200, url.endsWith("/observe/health") ? 503 : 200);
            }
        }
    }

    @Test
    void openPathsLeaveHealthAndMetricsOpenButNotJolokia() throws Exception {
        try (RunningService service = RunningService.start(routes("startup-open"),
                authenticated(Map.of("edgevideo.management.open-paths", "health,metrics")))) {
            String management = "http://127.0.0.1:" + service.managementPort();
            assertThat(status(management + "/observe/health", null)).isIn(200, 503);
            assertThat(status(management + "/observe/health/ready", null)).isIn(200, 503);
            assertThat(status(management + "/metrics", null)).isEqualTo(200);
            assertThat(status(management + "/observe/jolokia/version", null)).isEqualTo(401);
            assertThat(status("http://127.0.0.1:" + service.httpPort() + "/api/v1/cameras", null)).isEqualTo(401);
        }
    }

    @Test
    void httpPortInUseRefusesToStartNamingPortAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            String line = ConfigurationErrorsIT.refusal(refusingService("startup-taken").httpPort(port).start());
            assertThat(line).contains("camel.server.port " + port + " on 127.0.0.1 is already in use",
                    "set camel.server.port (CAMEL_SERVER_PORT) to a free port");
        }
    }

    @Test
    void managementPortInUseRefusesToStartNamingPortAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            String line = ConfigurationErrorsIT.refusal(refusingService("startup-taken2")
                    .environment(Map.of("CAMEL_MANAGEMENT_PORT", Integer.toString(port))).start());
            assertThat(line).contains("camel.management.port " + port + " on 127.0.0.1 is already in use",
                    "CAMEL_MANAGEMENT_PORT");
        }
    }

    @Test
    void endpointSummaryShowsTheRealBindAddress() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture();
             RunningService service = RunningService.start(routes("startup-summary"), Map.of())) {
            assertThat(logs.lines()).anyMatch(line -> line.contains(
                    "Cameras API and status page on http://127.0.0.1:" + service.httpPort() + "/"));
            assertThat(logs.lines()).anyMatch(line -> line.contains(
                    "Metrics, health and Jolokia on http://127.0.0.1:" + service.managementPort() + "/"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("http://0.0.0.0"));
        }
    }

    /** The service as a process with the repository's configuration and one camera, to be refused. */
    private ServiceProcess.Builder refusingService(String cameraId) throws Exception {
        return ServiceProcess.builder().config(ServiceProcess.config(work.resolve("config")))
                .routes(RoutesDir.withCameras(work.resolve("routes"), RoutesDir.camera(cameraId, CLIP))).outputIn(work);
    }

    private Path routes(String cameraId) throws Exception {
        return RoutesDir.withCameras(work.resolve("routes"), RoutesDir.camera(cameraId, CLIP, "loop", "true"));
    }

    private Map<String, String> authenticated(Map<String, String> more) throws Exception {
        Path users = Files.writeString(work.resolve("users.properties"), "user.startup-admin = startup-s3cret,admin\n");
        Map<String, String> overrides = new HashMap<>(Map.of(
                "camel.server.authentication-enabled", "true",
                "camel.server.basic-properties-file", users.toString(),
                "camel.management.authentication-enabled", "true",
                "camel.management.basic-properties-file", users.toString()));
        overrides.putAll(more);
        return overrides;
    }

    private static int status(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
