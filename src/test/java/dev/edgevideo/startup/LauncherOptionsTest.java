package dev.edgevideo.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/edge-video}'s own options: {@code --help} prints the script's usage, an unknown option is refused
 * with exit code 2 before anything is built or started.
 */
class LauncherOptionsTest {

    @TempDir
    Path work;

    @Test
    void helpPrintsTheLaunchersUsageAndExitsZero() throws Exception {
        try (ServiceProcess launcher = launch("--help")) {
            assertThat(launcher.exitCode()).isZero();
            assertThat(launcher.stdout())
                    .startsWith("Usage: bin/edge-video [--config DIR] [--routes DIR] [--profile NAME]")
                    .contains("--rebuild", "--debug", "EDGEVIDEO_HEAP")
                    .doesNotContain("Unknown option", "#!/usr/bin/env");
            assertThat(launcher.stderr()).isEmpty();
        }
    }

    @Test
    void unknownOptionIsOneLineNamingItThenTheUsageAndExitCodeTwo() throws Exception {
        try (ServiceProcess launcher = launch("--bogus")) {
            assertThat(launcher.exitCode()).isEqualTo(2);
            assertThat(launcher.stderr().lines().findFirst()).hasValue("edge-video: unknown option --bogus");
            assertThat(launcher.stderr()).contains("Usage: bin/edge-video");
            assertThat(launcher.stdout()).isEmpty();
        }
    }

    /** bin/edge-video with only {@code option}: no --config, no --routes. */
    private ServiceProcess launch(String option) throws Exception {
        ServiceProcess launcher = ServiceProcess.builder().launcher(ServiceProcess.Launcher.SCRIPT).arguments(option)
                .outputIn(work).start();
        assertThat(launcher.waitFor(Duration.ofSeconds(30))).as("the launcher answers without starting").isTrue();
        return launcher;
    }
}
