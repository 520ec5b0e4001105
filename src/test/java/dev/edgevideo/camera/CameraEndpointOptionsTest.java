package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CameraEndpointOptionsTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void optionsAreSetFromTheUriWithDefaultsForTheRest() {
        CameraEndpoint endpoint = context.getEndpoint(
                "camera:cam1?url=RAW(rtsp://u:p@host/s?a=1&b=2)&fps=0.5&width=640&readTimeout=3s",
                CameraEndpoint.class);
        assertThat(endpoint.getCameraId()).isEqualTo("cam1");
        assertThat(endpoint.getUrl()).isEqualTo("rtsp://u:p@host/s?a=1&b=2");
        assertThat(endpoint.getFps()).isEqualTo(0.5);
        assertThat(endpoint.getWidth()).isEqualTo(640);
        assertThat(endpoint.getReadTimeout()).isEqualTo(3000);
        assertThat(endpoint.getQuality()).isEqualTo(5);
        assertThat(endpoint.getRtspTransport()).isEqualTo("tcp");
        assertThat(endpoint.getMaskedUrl()).isEqualTo("rtsp://***:***@host/s?a=1&b=2");
    }

    @Test
    void missingUrlNamesTheOptionAndShowsAnExample() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?fps=2"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("camera:cam1 option 'url' is required, e.g. camera:cam1?url=rtsp://");
    }

    @Test
    void nonPositiveFpsIsRejected() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=x.mp4&fps=0"))
                .hasMessageContaining("option 'fps' must be > 0");
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=x.mp4&fps=-1"))
                .hasMessageContaining("option 'fps' must be > 0");
    }

    @Test
    void outOfRangeQualityAndUnknownTransportAreRejected() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=x.mp4&quality=1"))
                .hasMessageContaining("option 'quality' must be 2 (best) to 31 (smallest)");
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=x.mp4&rtspTransport=sctp"))
                .hasMessageContaining("option 'rtspTransport' must be one of");
    }

    @Test
    void unknownOptionIsNamedInTheError() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=x.mp4&fsp=2"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("fsp");
    }

    @Test
    void cameraIdThatCannotBeAKeyIsRejected() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam 1?url=x.mp4"))
                .hasMessageContaining("camera id 'cam 1' is invalid");
    }

    @Test
    void theCameraCannotBeUsedAsAProducer() {
        CameraEndpoint endpoint = context.getEndpoint("camera:cam1?url=x.mp4", CameraEndpoint.class);
        assertThatThrownBy(endpoint::createProducer).hasMessageContaining("consumer-only");
    }

    @Test
    void reconnectOptionsDefaultToTheComponentsAndCanBeOverriddenPerCamera() {
        CameraComponent component = context.getComponent("camera", CameraComponent.class);
        component.getReconnectConfiguration().setInitialBackoff(200);
        CameraEndpoint endpoint = context.getEndpoint("camera:cam1?url=rtsp://host/s&maxFailures=2&maxBackoff=1s",
                CameraEndpoint.class);
        ReconnectConfiguration settings = endpoint.getReconnect();
        assertThat(settings.getMaxFailures()).isEqualTo(2);
        assertThat(settings.getMaxBackoff()).isEqualTo(1000);
        assertThat(settings.getInitialBackoff()).isEqualTo(200);
        assertThat(settings.getHalfOpenSuccesses()).isEqualTo(new ReconnectConfiguration().getHalfOpenSuccesses());
        assertThat(component.getReconnectConfiguration().getMaxFailures())
                .as("the component's default is untouched").isEqualTo(new ReconnectConfiguration().getMaxFailures());
    }

    @Test
    void invalidReconnectOptionsNameTheCameraAndTheOption() {
        assertThatThrownBy(() -> context.getEndpoint("camera:cam1?url=rtsp://host/s&maxFailures=0"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("camera:cam1 option 'maxFailures' must be >= 1, was 0");
        assertThatThrownBy(() -> context.getEndpoint("camera:cam2?url=rtsp://host/s&initialBackoff=10s&maxBackoff=1s"))
                .hasMessageContaining("camera:cam2 option 'maxBackoff' must be >= initialBackoff");
    }
}
