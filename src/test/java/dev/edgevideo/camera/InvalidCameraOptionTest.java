package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class InvalidCameraOptionTest {

    @Test
    void wrongTypeNamesCameraOptionValueExpectedTypeAndAnExample() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            assertThatThrownBy(() -> context.getEndpoint("camera:cam2?url=/tmp/x.mp4&fps=abc"))
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("camera cam2: fps = 'abc' is not valid: expected a number: target output rate in"
                                + " frames per second (may be below 1), e.g. 2");
        }
    }

    @Test
    void expectedValueComesFromTheOptionsCatalogEntry() {
        assertThat(InvalidCameraOption.expected("readTimeout")).startsWith("a duration such as 500ms, 10s or 5m: ")
                .endsWith(", e.g. 10s");
        assertThat(InvalidCameraOption.expected("decodeMode")).startsWith("one of AUTO, ALL, KEYFRAMES: ");
        assertThat(InvalidCameraOption.expected("loop")).startsWith("true or false: ");
        assertThat(InvalidCameraOption.expected("maxFailures")).startsWith("a whole number: ").endsWith(", e.g. 5");
    }
}
