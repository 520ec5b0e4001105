package dev.edgevideo.camera;

import java.util.Map;

import dev.edgevideo.camera.ffmpeg.FfmpegLogLevel;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code camera:} component: {@code camera:cameraId?url=...&fps=2}.
 */
@Component("camera")
public class CameraComponent extends DefaultComponent {

    @Metadata(autowired = true, label = "advanced",
              description = "Caps each camera's rate at run time (the memory governor). When there is exactly one"
                            + " FrameRateCap bean in the registry it is used automatically.")
    private FrameRateCap frameRateCap;

    @Metadata(defaultValue = "quiet", enums = "quiet,panic,fatal,error,warning,info,verbose,debug",
              label = "advanced",
              description = "Level of FFmpeg's own log on standard error. Quiet by default: errors reach the log"
                            + " as exceptions with credentials masked, while FFmpeg's own lines may print source"
                            + " URLs as they are. Raise it to diagnose a source.")
    private String ffmpegLogLevel = "quiet";

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        FfmpegLogLevel.apply(ffmpegLogLevel);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CameraEndpoint endpoint = new CameraEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    public FrameRateCap getFrameRateCap() {
        return frameRateCap;
    }

    public void setFrameRateCap(FrameRateCap frameRateCap) {
        this.frameRateCap = frameRateCap;
    }

    public String getFfmpegLogLevel() {
        return ffmpegLogLevel;
    }

    public void setFfmpegLogLevel(String ffmpegLogLevel) {
        this.ffmpegLogLevel = ffmpegLogLevel;
    }

    FrameRateCap effectiveFrameRateCap() {
        return frameRateCap != null ? frameRateCap : FrameRateCap.NONE;
    }
}
