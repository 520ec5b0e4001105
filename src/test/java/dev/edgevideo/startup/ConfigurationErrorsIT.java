package dev.edgevideo.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration mistake ends the start of the real process with exit code 2 and one line on stderr that
 * names the file or key, what is wrong and the fix; no stack trace.
 */
class ConfigurationErrorsIT {

    private static final String CLIP = RunningService.home().resolve("samples/demo-720p.mp4").toString();

    @TempDir
    Path work;

    @Test
    void wrongTypeOfAnEdgevideoKeyIsOneLineNamingKeyAndVariable() throws Exception {
        String line = refusal(List.of("edgevideo.camera.max-concurrent-reconnects = many"),
                RoutesDir.camera("startup-type", CLIP));
        assertThat(line).contains("edgevideo.camera.max-concurrent-reconnects = 'many' is not valid: expected a whole"
                                  + " number", "EDGEVIDEO_CAMERA_MAX_CONCURRENT_RECONNECTS");
    }

    @Test
    void governorThresholdsOutOfOrderAreOneLineNamingBothKeys() throws Exception {
        String line = refusal(List.of("edgevideo.memory.warning-percent = 80"),
                RoutesDir.camera("startup-memory", CLIP));
        assertThat(line).isEqualTo("edge-video: edgevideo.memory.warning-percent = '80' is not valid: expected below"
                                   + " edgevideo.memory.critical-percent = 75; fix it in application.properties (or the"
                                   + " environment variable EDGEVIDEO_MEMORY_WARNING_PERCENT)");
    }

    @Test
    void unknownEdgevideoKeyNamesTheClosestKnownKey() throws Exception {
        String line = refusal(List.of("edgevideo.redis.ttl-second = 60"), RoutesDir.camera("startup-key", CLIP));
        assertThat(line).contains("unknown key edgevideo.redis.ttl-second in ", "application.properties",
                "did you mean edgevideo.redis.ttl-seconds?");
    }

    @Test
    void misspeltEdgevideoEnvironmentVariableNamesTheClosestKnownVariable() throws Exception {
        Path config = ServiceProcess.config(work.resolve("config"));
        Path routes = RoutesDir.withCameras(work.resolve("routes"), RoutesDir.camera("startup-envkey", CLIP));
        String line = refusal(ServiceProcess.builder().config(config).routes(routes)
                .environment(Map.of("EDGEVIDEO_REDIS_TTL_SECOND", "60")).outputIn(work).start());
        assertThat(line).isEqualTo("edge-video: unknown environment variable EDGEVIDEO_REDIS_TTL_SECOND: did you mean"
                                   + " EDGEVIDEO_REDIS_TTL_SECONDS (edgevideo.redis.ttl-seconds)?");
    }

    @Test
    void unreadableTlsCaFileNamesTheKey() throws Exception {
        Path missing = work.resolve("no-such-ca.pem");
        String line = refusal(List.of("edgevideo.redis.tls.enabled = true", "edgevideo.redis.tls.ca-file = " + missing),
                RoutesDir.camera("startup-ca", CLIP));
        assertThat(line).isEqualTo("edge-video: edgevideo.redis.tls.ca-file = '" + missing + "' is not valid: expected"
                                   + " a file the service can read (NoSuchFileException); fix it in"
                                   + " application.properties (or the environment variable"
                                   + " EDGEVIDEO_REDIS_TLS_CA_FILE)");
    }

    @Test
    void unreadablePasswordFileNamesTheKey() throws Exception {
        Path missing = work.resolve("no-such-password");
        String line = refusal(List.of("rabbitmq.password-file = " + missing), RoutesDir.camera("startup-pwfile", CLIP));
        assertThat(line).isEqualTo("edge-video: rabbitmq.password-file = '" + missing + "' is not valid: expected a"
                                   + " file the service can read (NoSuchFileException), or empty to use"
                                   + " rabbitmq.password; fix it in application.properties (or the environment"
                                   + " variable RABBITMQ_PASSWORD_FILE)");
    }

    @Test
    void unknownTemplateParameterIsOneLineNamingTheValidOnes() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-param", CLIP, "frameRate", "5"));
        assertThat(line).contains("camera route startup-param has unknown parameter(s) [frameRate]", "fps");
    }

    @Test
    void misspeltTemplateParameterNamesTheOneMeant() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-typo", CLIP, "fsp", "2"));
        assertThat(line).contains("camera route startup-typo has unknown parameter(s) [fsp] for template"
                                  + " camera-pipeline: did you mean fps? use [");
    }

    @Test
    void wrongTypeOfACameraOptionNamesTheOptionTheValueAndWhatIsExpected() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-abc", CLIP, "fps", "abc"));
        assertThat(line).startsWith("edge-video: camera startup-abc: fps = 'abc' is not valid: expected a number:"
                                    + " target output rate in frames per second (may be below 1), e.g. 2")
                .doesNotContain("For input string");
    }

    @Test
    void invalidCameraOptionValueIsOneLineNamingTheCamera() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-fps", CLIP, "fps", "0"));
        assertThat(line).contains("camera:startup-fps option 'fps' must be > 0");
    }

    @Test
    void brokenYamlNamesFileLineAndColumn() throws Exception {
        String line = refusal(List.of(),
                RoutesDir.camera("startup-yaml", CLIP) + "      - name: fps\n        value: 2: 3\n");
        assertThat(line).containsPattern("routes file \\S*cameras.camel.yaml line 10, column 17: mapping values are not"
                                         + " allowed here");
    }

    @Test
    void duplicateCameraIdIsOneLine() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-twice", CLIP),
                RoutesDir.camera("startup-twice", CLIP));
        assertThat(line).contains("camera id 'startup-twice' is declared twice", "cameras.camel.yaml");
    }

    @Test
    void invalidCameraIdIsOneLine() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup bad", CLIP));
        assertThat(line).contains("camera id 'startup bad' in ", "is invalid: use letters, digits, '.', '_' or '-'");
    }

    @Test
    void missingUrlNamesTheCamera() throws Exception {
        String line = refusal(List.of(), """
                - templatedRoute:
                    routeTemplateRef: camera-pipeline
                    routeId: startup-nourl
                    parameters:
                      - name: cameraId
                        value: startup-nourl
                """);
        assertThat(line).contains("camera startup-nourl in ", "has no url: add the parameter url");
    }

    @Test
    void unsupportedSchemeNamesTheCameraAndTheSupportedOnes() throws Exception {
        String line = refusal(List.of(), RoutesDir.camera("startup-udp", "udp://127.0.0.1:5000"));
        assertThat(line).contains("camera startup-udp in ", "url scheme 'udp' is not supported: use rtsp://, rtsps://,"
                                  + " rtmp://, http://, https:// or a file path");
    }

    @Test
    void missingFileSourceNamesTheCameraAndThePath() throws Exception {
        Path missing = work.resolve("startup-missing.mp4");
        String line = refusal(List.of(), RoutesDir.camera("startup-file", missing.toString()));
        assertThat(line).contains("camera startup-file in ", "file " + missing + " does not exist");
    }

    @Test
    void unsetEnvironmentVariableInAUrlNamesCameraAndVariable() throws Exception {
        String line = refusal(List.of(),
                RoutesDir.camera("startup-env", "rtsp://viewer:{{env:STARTUP_UNSET_PASSWORD}}@127.0.0.1:554/s"));
        assertThat(line).contains("camera startup-env in ", "{{env:STARTUP_UNSET_PASSWORD}}",
                "the environment variable STARTUP_UNSET_PASSWORD is not set");
        assertThat(line.length()).as("a short line").isLessThan(250);
    }

    @Test
    void debugFlagAddsTheStackTrace() throws Exception {
        try (ServiceProcess service = ServiceProcess.builder()
                .config(ServiceProcess.config(work.resolve("config"), "edgevideo.redis.timeout-ms = fast"))
                .routes(RoutesDir.withCameras(work.resolve("routes"), RoutesDir.camera("startup-debug", CLIP)))
                .environment(Map.of("EDGEVIDEO_DEBUG", "true")).outputIn(work).start()) {
            assertThat(service.exitCode()).isEqualTo(2);
            assertThat(service.stderrLines().get(0)).startsWith("edge-video: edgevideo.redis.timeout-ms = 'fast'");
            assertThat(service.stderrLines()).anyMatch(line -> line.startsWith("\tat "));
        }
    }

    /** Starts the service, expects it to refuse, and returns its one line (printed for docs/operations.md). */
    private String refusal(List<String> properties, String... cameras) throws Exception {
        Path config = ServiceProcess.config(work.resolve("config"), properties.toArray(String[]::new));
        Path routes = RoutesDir.withCameras(work.resolve("routes"), cameras);
        return refusal(ServiceProcess.builder().config(config).routes(routes).outputIn(work).start());
    }

    static String refusal(ServiceProcess started) throws Exception {
        try (ServiceProcess service = started) {
            assertThat(service.exitCode()).as("exit code; output:\n" + service.output()).isEqualTo(2);
            List<String> stderr = service.stderrLines();
            assertThat(stderr).as("stderr").hasSize(1);
            assertThat(stderr.get(0)).startsWith("edge-video: ");
            assertThat(service.stdout()).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
            System.out.println("STARTUP REFUSED: " + stderr.get(0));
            return stderr.get(0);
        }
    }
}
