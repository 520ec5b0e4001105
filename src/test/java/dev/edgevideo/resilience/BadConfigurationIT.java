package dev.edgevideo.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration mistake stops start-up with a message that names the file or key and says how to fix it. */
class BadConfigurationIT {

    @TempDir
    Path work;

    @Test
    void unknownCameraOptionIsNamed() throws Exception {
        String message = startupFailure(RoutesDir.camera("res-bad1", "rtsp://cam/s", "frameRate", "5"));
        System.out.println("BADCONFIG unknown option: " + message);
        assertThat(message).contains("camera route res-bad1 has unknown parameter(s) [frameRate]").contains("fps");
    }

    @Test
    void missingUrlIsNamed() throws Exception {
        String message = startupFailure("""
                - templatedRoute:
                    routeTemplateRef: camera-pipeline
                    routeId: res-bad2
                    parameters:
                      - name: cameraId
                        value: res-bad2
                """);
        System.out.println("BADCONFIG missing url: " + message);
        assertThat(message).contains("url");
    }

    @Test
    void nonPositiveFpsIsNamedWithTheAllowedRange() throws Exception {
        String message = startupFailure(RoutesDir.camera("res-bad3", "rtsp://cam/s", "fps", "0"));
        System.out.println("BADCONFIG fps 0: " + message);
        assertThat(message).contains("camera:res-bad3 option 'fps' must be > 0");
    }

    @Test
    void malformedYamlNamesTheFile() throws Exception {
        String message = startupFailure(RoutesDir.camera("res-bad4", "rtsp://cam/s") + "  - name: [unclosed\n");
        System.out.println("BADCONFIG malformed yaml: " + message);
        assertThat(message).contains("cameras.camel.yaml");
    }

    @Test
    void wrongTypeInAnEdgevideoKeyNamesTheKey() throws Exception {
        String message = startupFailure(Map.of("edgevideo.redis.timeout-ms", "fast"),
                RoutesDir.camera("res-bad5", "rtsp://cam/s"));
        System.out.println("BADCONFIG wrong type: " + message);
        assertThat(message).contains("edgevideo.redis.timeout-ms = 'fast' is not valid: expected a whole number")
                .contains("EDGEVIDEO_REDIS_TIMEOUT_MS");
    }

    @Test
    void wrongTypeInACameraDefaultNamesTheKey() throws Exception {
        String message = startupFailure(Map.of("edgevideo.camera.max-concurrent-reconnects", "many"),
                RoutesDir.camera("res-bad6", "rtsp://cam/s"));
        System.out.println("BADCONFIG wrong type camera: " + message);
        assertThat(message).contains("edgevideo.camera.max-concurrent-reconnects = 'many' is not valid");
    }

    private String startupFailure(String cameras) throws Exception {
        return startupFailure(Map.of(), cameras);
    }

    private String startupFailure(Map<String, String> overrides, String cameras) throws Exception {
        Path routes = RoutesDir.withCameras(work.resolve("routes"), cameras);
        Throwable failure = catchThrowable(() -> RunningService.start(routes, overrides).close());
        assertThat(failure).as("start-up fails").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        assertThat(Files.exists(routes)).isTrue();
        return messages.toString();
    }
}
