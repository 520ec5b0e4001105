package dev.edgevideo.camera;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

import dev.edgevideo.camera.ffmpeg.FfmpegLogLevel;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code camera:} component: {@code camera:cameraId?url=...&fps=2}.
 */
@Component("camera")
public class CameraComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(CameraComponent.class);

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

    private final Map<String, CameraStatistics> statistics = new ConcurrentHashMap<>();
    private final List<CameraStatusListener> statusListeners = new CopyOnWriteArrayList<>();
    private volatile Semaphore reconnectPermits;
    private final List<BiConsumer<String, CameraStatistics>> cameraListeners = new CopyOnWriteArrayList<>();

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (maxConcurrentReconnects < 1) {
            throw new IllegalArgumentException("camel.component.camera.max-concurrent-reconnects (from"
                                               + " edgevideo.camera.max-concurrent-reconnects) must be >= 1, was "
                                               + maxConcurrentReconnects);
        }
        reconnectPermits = new Semaphore(maxConcurrentReconnects, true);
        statusListeners.addAll(getCamelContext().getRegistry().findByType(CameraStatusListener.class));
        FfmpegLogLevel.apply(ffmpegLogLevel);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CameraEndpoint endpoint = new CameraEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /**
     * The counters of a camera, created the first time the camera is seen. They belong to the component, not
     * the endpoint, so they stay monotonic across route restarts and reloads (what Prometheus counters need).
     */
    public CameraStatistics statistics(String cameraId) {
        return statistics.computeIfAbsent(cameraId, id -> {
            CameraStatistics created = new CameraStatistics();
            cameraListeners.forEach(listener -> listener.accept(id, created));
            return created;
        });
    }

    /** Every camera seen so far, by id. */
    public Map<String, CameraStatistics> cameras() {
        return Map.copyOf(statistics);
    }

    /** Calls the listener for every camera seen so far and for each new one (metrics register their meters). */
    public void onCamera(BiConsumer<String, CameraStatistics> listener) {
        cameraListeners.add(listener);
        statistics.forEach(listener);
    }

    /** Calls the listener on every change of a camera's state or circuit; it must be quick. */
    public void onStatusChange(CameraStatusListener listener) {
        statusListeners.add(listener);
    }

    void statusChanged(CameraStatus status) {
        for (CameraStatusListener listener : statusListeners) {
            try {
                listener.statusChanged(status);
            } catch (RuntimeException e) {
                // A broken listener must not break the camera that reports its state.
                LOG.warn("Camera status listener failed on {}: {}", status, e.toString());
            }
        }
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

    FrameRateCap effectiveFrameRateCap() {
        return frameRateCap != null ? frameRateCap : FrameRateCap.NONE;
    }
}
