package dev.edgevideo.startup;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import dev.edgevideo.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed profile chosen the two ways an operator chooses it, in the real process: its keys are the ones used. */
class ProfileIT {

    @TempDir
    Path work;

    @Test
    void camelMainProfileVariableSelectsTheSeedFormat() throws Exception {
        assertSeedKeysWritten("wf-profile-env", Map.of("CAMEL_MAIN_PROFILE", "seed"), List.of());
    }

    @Test
    void profileArgumentSelectsTheSeedFormat() throws Exception {
        assertSeedKeysWritten("wf-profile-arg", Map.of(), List.of("--profile", "seed"));
    }

    private void assertSeedKeysWritten(String camera, Map<String, String> environment, List<String> arguments)
            throws Exception {
        Path config = ServiceProcess.config(work.resolve("config"));
        Files.copy(RunningService.home().resolve("config/application-seed.properties"),
                config.resolve("application-seed.properties"));
        Path clip = TestClips.h264(work.resolve("clip.mp4"), 320, 240, 25, 2, 25);
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera(camera, clip.toString(), "loop", "true", "fps", "5"));
        try (Brokers brokers = new Brokers();
             ServiceProcess service = ServiceProcess.builder().config(config).routes(routes).environment(environment)
                     .arguments(arguments).outputIn(work).start()) {
            try {
                await().atMost(90, SECONDS).until(() -> !brokers.redis().keys("default:frames:" + camera + ":*")
                        .isEmpty() || !service.isAlive());
                Set<String> keys = brokers.redis().keys("default:frames:" + camera + ":*");
                assertThat(keys).as("seed keys; stderr: %s", service.stderrLines()).isNotEmpty();
                assertThat(keys.iterator().next()).matches("default:frames:" + camera + ":\\d{19}:\\d{5}");
                assertThat(brokers.redis().keys("edgevideo:" + camera + ":*")).as("no native keys").isEmpty();
            } finally {
                brokers.forget(camera);
                brokers.redis().keys("default:frames:" + camera + ":*").forEach(brokers.redis()::del);
            }
        }
    }
}
