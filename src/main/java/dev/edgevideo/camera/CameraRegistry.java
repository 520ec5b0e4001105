package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras of one {@link CameraComponent}, one {@link CameraRuntime} per camera id, in the style of
 * Resilience4j's {@code CircuitBreakerRegistry}: entries with added and removed events, and listeners that cannot
 * break the registry.
 * <p>
 * A camera's entry is added when its first endpoint starts and removed when its last endpoint has gone and no new
 * one arrived within {@link #REMOVAL_GRACE}: a YAML edit that restarts a camera with new settings keeps its
 * counters, a camera deleted from the YAML leaves the registry, and with it its meters, MBean and API entry.
 * A route merely stopped (JMX) keeps its endpoint, so its camera stays, in state STOPPED.
 */
public final class CameraRegistry {

    /** How long a camera without an endpoint is kept, waiting for the restart of an edited route. */
    static final Duration REMOVAL_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(CameraRegistry.class);

    private final ConcurrentMap<String, CameraRuntime> cameras = new ConcurrentHashMap<>();
    private final List<CameraRegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile ScheduledExecutorService scheduler;

    CameraRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<CameraRuntime> find(String cameraId) {
        return Optional.ofNullable(cameras.get(cameraId));
    }

    /** Every configured camera, by id. */
    public List<CameraRuntime> cameras() {
        return cameras.values().stream().sorted(Comparator.comparing(CameraRuntime::cameraId)).toList();
    }

    /** Books a frame of the camera that the sink confirmed; for the sinks' outcome recorder. */
    public void sinkPublished(String cameraId, String sinkId) {
        find(cameraId).ifPresent(camera -> camera.sink(sinkId).published());
    }

    /** Books a frame of the camera that was not published to the sink; for the sinks' outcome recorder. */
    public void sinkDropped(String cameraId, String sinkId, String reason) {
        find(cameraId).ifPresent(camera -> camera.sink(sinkId).dropped(reason));
    }

    /**
     * Adds a listener; it is told {@link CameraRegistryListener#onAdded} at once for every camera already here,
     * so it misses none whenever it arrives.
     */
    public void addListener(CameraRegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        cameras.values().forEach(camera -> safely(listener, l -> l.onAdded(camera), "added", camera));
    }

    /**
     * Runs removals and the once-a-second rate sampling; until then, and once the executor is shut down, cameras are
     * never removed.
     */
    void start(ScheduledExecutorService executor) {
        this.scheduler = executor;
        executor.scheduleAtFixedRate(this::sampleRates, 0, 1, TimeUnit.SECONDS);
    }

    /** An endpoint of the camera started: the camera's entry, created (and announced) the first time. */
    CameraRuntime attach(String cameraId) {
        CameraRuntime camera;
        boolean created;
        synchronized (cameras) {
            created = !cameras.containsKey(cameraId);
            camera = cameras.computeIfAbsent(cameraId, id -> new CameraRuntime(id, clock, this));
            camera.attachEndpoint();
        }
        if (created) {
            LOG.debug("Camera {} added to the registry", cameraId);
            listeners.forEach(listener -> safely(listener, l -> l.onAdded(camera), "added", camera));
        }
        return camera;
    }

    /** An endpoint of the camera went: once none is left for {@link #REMOVAL_GRACE}, the camera goes too. */
    void detach(String cameraId) {
        CameraRuntime camera = cameras.get(cameraId);
        if (camera == null || camera.detachEndpoint() > 0) {
            return;
        }
        ScheduledExecutorService executor = scheduler;
        if (executor == null) {
            return;
        }
        try {
            executor.schedule(() -> removeIfUnused(cameraId), REMOVAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The component is stopping: entries stay for the final report.
        }
    }

    private void removeIfUnused(String cameraId) {
        CameraRuntime removed;
        synchronized (cameras) {
            CameraRuntime camera = cameras.get(cameraId);
            if (camera == null || camera.endpoints() > 0) {
                return;
            }
            removed = cameras.remove(cameraId);
        }
        LOG.info("Camera {} removed: no route uses it any more", cameraId);
        listeners.forEach(listener -> safely(listener, l -> l.onRemoved(removed), "removed", removed));
    }

    void statusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        listeners.forEach(listener -> safely(listener, l -> l.onStatusChanged(camera, previous, current),
                "status", camera));
    }

    private void sampleRates() {
        long now = System.nanoTime();
        cameras.values().forEach(camera -> camera.sampleRates(now));
    }

    private static void safely(CameraRegistryListener listener, Consumer<CameraRegistryListener> call, String event,
                               CameraRuntime camera) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("Camera registry listener {} failed on the {} event of camera {}: {}", listener, event,
                    camera.cameraId(), e.toString());
        }
    }
}
