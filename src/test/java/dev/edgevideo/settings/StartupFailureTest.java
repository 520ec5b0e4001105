package dev.edgevideo.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {

    @Test
    void aConfigurationExceptionAnywhereInTheChainIsTheLineWithExitCodeTwo() {
        StartupFailure failure = StartupFailure.of(new RuntimeCamelException(new RuntimeException(
                new ConfigurationException("edgevideo.x = 'y' is not valid"))));
        assertThat(failure).isEqualTo(new StartupFailure("edgevideo.x = 'y' is not valid", 2));
    }

    @Test
    void anInvalidArgumentAtTheRootIsAConfigurationMistake() {
        StartupFailure failure = StartupFailure.of(new RuntimeCamelException(
                new IllegalArgumentException("camera:c1 option 'fps' must be > 0")));
        assertThat(failure.exitCode()).isEqualTo(2);
        assertThat(failure.line()).isEqualTo("camera:c1 option 'fps' must be > 0");
    }

    @Test
    void anythingElseIsExitCodeOneWithTheRootAndTheDebugHint() {
        StartupFailure failure = StartupFailure.of(new RuntimeCamelException(new IllegalStateException("boom")));
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.line()).isEqualTo("could not start: IllegalStateException: boom (run with"
                                             + " EDGEVIDEO_DEBUG=true for the stack trace)");
    }

    @Test
    void theLineIsOneLineWithCredentialsMasked() {
        StartupFailure failure = StartupFailure.of(new IllegalArgumentException(
                "cannot open\n   rtsp://viewer:s3cret@10.0.0.1/s"));
        assertThat(failure.line()).doesNotContain("\n", "s3cret").startsWith("cannot open rtsp://");
    }
}
