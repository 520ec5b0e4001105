package dev.edgevideo.camera;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;

import dev.edgevideo.camera.ffmpeg.FfmpegLog;

import org.apache.camel.Endpoint;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** The {@code camera:} component: {@code camera:cameraId?url=...&fps=2}. */
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

    @Metadata(label = "advanced", description = "Reconnect defaults of every camera (circuit breaker and backoff);"
                                                + " each camera may override them on its endpoint.")
    private ReconnectConfiguration reconnectConfiguration = new ReconnectConfiguration();

    @Metadata(defaultValue = "4", label = "advanced",
              description = "How many cameras may be opening their stream at the same time, across all cameras:"
                            + " a hundred dead cameras retry a few at a time instead of storming the network.")
    private int maxConcurrentReconnects = 4;

    private final CameraRegistry registry = new CameraRegistry(Clock.systemUTC());
    private volatile Semaphore reconnectPermits;
    private ScheduledExecutorService registryExecutor;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (maxConcurrentReconnects < 1) {
            throw new IllegalArgumentException("camel.component.camera.max-concurrent-reconnects (from"
                                               + " edgevideo.camera.max-concurrent-reconnects) must be >= 1, was "
                                               + maxConcurrentReconnects);
        }
        reconnectPermits = new Semaphore(maxConcurrentReconnects, true);
        FfmpegLog.apply(ffmpegLogLevel);
        registry.addListener(new CameraMBeans(getCamelContext()));
        registryExecutor = getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "CameraRegistry");
        registry.start(registryExecutor);
    }

    @Override
    protected void doStop() throws Exception {
        if (registryExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(registryExecutor);
            registryExecutor = null;
        }
        super.doStop();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CameraEndpoint endpoint = new CameraEndpoint(uri, this, remaining);
        try {
            setProperties(endpoint, parameters);
        } catch (PropertyBindingException e) {
            throw InvalidCameraOption.of(remaining, e);
        }
        endpoint.validate();
        return endpoint;
    }

    /** The cameras of this component: the one model every reader of camera state reads. */
    public CameraRegistry getRegistry() {
        return registry;
    }

    /** The permits bounding concurrent stream openings across all cameras (fair: no camera starves). */
    Semaphore reconnectPermits() {
        return reconnectPermits;
    }

    public ReconnectConfiguration getReconnectConfiguration() {
        return reconnectConfiguration;
    }

    public void setReconnectConfiguration(ReconnectConfiguration reconnectConfiguration) {
        this.reconnectConfiguration = reconnectConfiguration;
    }

    public int getMaxConcurrentReconnects() {
        return maxConcurrentReconnects;
    }

    public void setMaxConcurrentReconnects(int maxConcurrentReconnects) {
        this.maxConcurrentReconnects = maxConcurrentReconnects;
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
}
