package dev.edgevideo.sink;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * {@code edge_video_redis_stream_length{camera_id}}: the length of each camera's Redis Stream, how far behind a
 * consumer group can fall before trimming costs it entries. {@code XLEN} runs on its own thread every
 * interval, never on a frame's way; a Redis that is away leaves the last value.
 */
public class RedisStreamLengths implements MeterBinder, AutoCloseable {

    public static final String METRIC = "edge_video_redis_stream_length";
    /** The bean name under which {@code MetricsConfiguration} finds it. */
    public static final String BEAN = "redisStreamLengths";

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamLengths.class);

    private final RedisTemplate<String, byte[]> redis;
    private final CameraRegistry cameras;
    private final Map<String, Long> lengths = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sampler;
    private volatile MeterRegistry registry;

    public RedisStreamLengths(RedisTemplate<String, byte[]> redis, CameraRegistry cameras, boolean enabled,
                              long intervalSeconds) {
        this.redis = redis;
        this.cameras = cameras;
        if (!enabled) {
            sampler = null;
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edge-video-stream-lengths");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(1, intervalSeconds);
        sampler.scheduleWithFixedDelay(this::sample, interval, interval, TimeUnit.SECONDS);
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
    }

    void sample() {
        for (CameraRuntime camera : cameras.cameras()) {
            String cameraId = camera.cameraId();
            try {
                Long length = redis.opsForStream().size(FrameSinks.STREAM_PREFIX + cameraId);
                if (length == null) {
                    continue;
                }
                lengths.put(cameraId, length);
                if (registry != null && registered.add(cameraId)) {
                    Gauge.builder(METRIC, lengths, all -> all.getOrDefault(cameraId, 0L))
                            .description("Entries in the camera's Redis Stream edgevideo:stream:<camera_id>")
                            .tags("camera_id", cameraId).register(registry);
                }
            } catch (RuntimeException e) {
                LOG.debug("XLEN of {}{} failed: {}", FrameSinks.STREAM_PREFIX, cameraId, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
