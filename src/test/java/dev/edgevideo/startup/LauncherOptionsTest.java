package dev.edgevideo.startup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/edge-video}'s own options: {@code --help} prints the script's usage, an unknown option is refused
 * with exit code 2 before anything is built or started.
 */
class LauncherOptionsTest {

    @Test
    void helpPrintsTheLaunchersUsageAndExitsZero() throws Exception {
        Result result = launch("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("Usage: bin/edge-video [--config DIR] [--routes DIR] [--profile NAME]")
                .contains("--rebuild", "--debug", "EDGEVIDEO_HEAP")
                .doesNotContain("Unknown option", "#!/usr/bin/env");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void unknownOptionIsOneLineNamingItThenTheUsageAndExitCodeTwo() throws Exception {
        Result result = launch("--bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines().findFirst()).hasValue("edge-video: unknown option --bogus");
        assertThat(result.stderr()).contains("Usage: bin/edge-video");
        assertThat(result.stdout()).isEmpty();
    }

    private static Result launch(String option) throws Exception {
        Process process = new ProcessBuilder(List.of("bash",
                RunningService.home().resolve("bin/edge-video").toString(), option)).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the launcher answers without starting").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), UTF_8),
                new String(process.getErrorStream().readAllBytes(), UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
