package dev.edgevideo.startup;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key of the properties file can be overridden from the environment, the ports camel-main skips included. */
class EnvironmentOverridesIT {

    @TempDir
    Path work;

    @Test
    void portVariablesMoveTheHttpAndManagementServers() throws Exception {
        int serverPort = FreePorts.next();
        int managementPort = FreePorts.next();
        String clip = RunningService.home().resolve("samples/demo-720p.mp4").toString();
        try (ServiceProcess service = ServiceProcess.builder().config(ServiceProcess.config(work.resolve("config")))
                .routes(RoutesDir.withCameras(work.resolve("routes"),
                        RoutesDir.camera("startup-env", clip, "loop", "true")))
                .environment(Map.of("CAMEL_SERVER_PORT", Integer.toString(serverPort),
                        "CAMEL_MANAGEMENT_PORT", Integer.toString(managementPort),
                        "EDGEVIDEO_STATISTICS_INTERVAL_SECONDS", "0"))
                .outputIn(work).start()) {
            // Generous: the JVM, FFmpeg and Camel start on a 2-core machine shared with other builds.
            await().atMost(90, SECONDS).failFast("the service exited", () -> !service.isAlive()).ignoreExceptions()
                    .until(() -> Http.get("http://127.0.0.1:" + serverPort + "/api/v1/cameras/startup-env")
                            .statusCode() == 200);
            // /metrics, not health: health is DOWN (503) while another build stops a broker.
            assertThat(Http.get("http://127.0.0.1:" + managementPort + "/metrics").body()).contains("camel_");
        }
    }
}
