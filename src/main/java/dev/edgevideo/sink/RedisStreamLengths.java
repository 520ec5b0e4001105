package dev.edgevideo.sink;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * {@code edge_video_redis_stream_length{camera_id}}: the length of each camera's Redis Stream, how far behind a
 * consumer group can fall before trimming costs it entries. While started (with streams on), {@code XLEN} runs
 * every interval on a thread of the context's executor manager, never on a frame's way; a Redis that is away
 * leaves the last value. A camera's gauge goes when the camera leaves the registry, and every gauge on stop.
 */
public class RedisStreamLengths extends ServiceSupport implements MeterBinder, CameraRegistryListener {

    public static final String METRIC = "edge_video_redis_stream_length";

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamLengths.class);

    /** Name of its sampling thread, as the executor manager shows it. */
    static final String THREAD_NAME = "RedisStreamLengths";

    private final CamelContext camelContext;
    private final RedisTemplate<String, byte[]> redis;
    private final CameraRegistry cameras;
    private final boolean enabled;
    private final Duration interval;
    /** Per camera, the last length read and its gauge; registered and removed under {@code this}. */
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private ScheduledExecutorService sampler;

    private record Series(AtomicLong length, Gauge gauge) {
    }

    public RedisStreamLengths(CamelContext camelContext, RedisTemplate<String, byte[]> redis, CameraRegistry cameras,
                              boolean enabled, Duration interval) {
        this.camelContext = camelContext;
        this.redis = redis;
        this.cameras = cameras;
        this.enabled = enabled;
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (enabled) {
            long millis = Math.max(1, interval.toMillis());
            sampler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, THREAD_NAME);
            sampler.scheduleWithFixedDelay(this::sample, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (sampler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(sampler);
            sampler = null;
        }
        synchronized (this) {
            series.keySet().forEach(this::remove);
        }
        super.doStop();
    }

    @Override
    public synchronized void onRemoved(CameraRuntime camera) {
        remove(camera.cameraId());
    }

    void sample() {
        for (CameraRuntime camera : cameras.cameras()) {
            String cameraId = camera.cameraId();
            try {
                Long length = redis.opsForStream().size(FrameSinks.STREAM_PREFIX + cameraId);
                if (length != null) {
                    record(camera, length);
                }
            } catch (RuntimeException e) {
                LOG.debug("XLEN of {}{} failed: {}", FrameSinks.STREAM_PREFIX, cameraId, e.getMessage());
            }
        }
    }

    /** Only for a camera still in the registry and while running: a removal or a stop may have come since XLEN. */
    private synchronized void record(CameraRuntime camera, long length) {
        String cameraId = camera.cameraId();
        MeterRegistry meters = registry;
        if (meters == null || !isRunAllowed() || cameras.find(cameraId).isEmpty()) {
            return;
        }
        series.computeIfAbsent(cameraId, id -> {
            AtomicLong value = new AtomicLong();
            return new Series(value, Gauge.builder(METRIC, value, AtomicLong::get)
                    .description("Entries in the camera's Redis Stream edgevideo:stream:<camera_id>")
                    .tags("camera_id", id).strongReference(true).register(meters));
        }).length().set(length);
    }

    private void remove(String cameraId) {
        Series removed = series.remove(cameraId);
        if (removed != null) {
            registry.remove(removed.gauge());
        }
    }
}
