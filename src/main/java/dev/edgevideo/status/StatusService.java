package dev.edgevideo.status;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraConsumer;
import dev.edgevideo.governor.MemoryGovernor;
import dev.edgevideo.governor.MemoryStatus;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StaticService;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's state for operators: cameras, sinks, memory and the process. Started and stopped with Camel as a
 * service (bean {@code edgeVideoStatus}); while started, one thread samples every camera's rates once a second
 * and the process and host (OSHI) every {@code systemInterval}, keeping a short memory history.
 */
public class StatusService extends ServiceSupport implements StaticService {

    /** Bean name in the Camel registry. */
    public static final String BEAN = "edgeVideoStatus";
    /** Points kept for the memory history chart. */
    static final int HISTORY_POINTS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);
    private static final long RATE_SAMPLE_MILLIS = 1000;

    private final CamelContext camelContext;
    private final MemoryGovernor governor;
    private final SinkOutcomes sinkOutcomes;
    private final Duration systemInterval;
    private final SystemProbe probe = new SystemProbe();
    private final Deque<MemoryPoint> history = new ArrayDeque<>(HISTORY_POINTS);
    private final AtomicLong peakRssBytes = new AtomicLong();
    private final Instant startedAt = Instant.now();
    /** The newest consumer of every camera seen, kept after its route is gone for the final report. */
    private final Map<String, CameraConsumer> seen = new ConcurrentHashMap<>();
    private volatile SystemSnapshot system = SystemSnapshot.NONE;
    private ScheduledExecutorService scheduler;

    public StatusService(CamelContext camelContext, MemoryGovernor governor, SinkOutcomes sinkOutcomes,
                         Duration systemInterval) {
        this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
        this.governor = Objects.requireNonNull(governor, "governor");
        this.sinkOutcomes = Objects.requireNonNull(sinkOutcomes, "sinkOutcomes");
        if (systemInterval.isZero() || systemInterval.isNegative()) {
            throw new IllegalArgumentException("edgevideo.metrics.system-interval-seconds must be > 0, was "
                                               + systemInterval.toSeconds());
        }
        this.systemInterval = systemInterval;
    }

    @Override
    protected void doStart() {
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "EdgeVideoStatus");
        scheduler.scheduleAtFixedRate(this::sampleRates, 0, RATE_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::sampleSystem, 0, systemInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    private void sampleRates() {
        consumers();
        long now = System.nanoTime();
        cameraComponent().cameras().values().forEach(statistics -> statistics.sampleRates(now));
    }

    private void sampleSystem() {
        try {
            SystemSnapshot snapshot = probe.sample();
            system = snapshot;
            peakRssBytes.accumulateAndGet(snapshot.rssBytes(), Math::max);
            MemoryStatus memory = governor.status();
            synchronized (history) {
                if (history.size() == HISTORY_POINTS) {
                    history.removeFirst();
                }
                history.addLast(new MemoryPoint(System.currentTimeMillis(), memory.processPercent(),
                        memory.level().code()));
            }
        } catch (RuntimeException e) {
            // A failed reading keeps the previous one; the next tick tries again.
            LOG.debug("System reading failed: {}", e.toString());
        }
    }

    /** Every camera that has a route now, by id. */
    public List<CameraView> cameras() {
        return views(consumers());
    }

    /**
     * Every camera seen since start, also those whose route was removed or has already been stopped and removed
     * by a shutdown: what the final report covers.
     */
    public List<CameraView> camerasSeen() {
        consumers();
        return views(seen.values());
    }

    private List<CameraView> views(Collection<CameraConsumer> consumers) {
        long now = System.currentTimeMillis();
        List<CameraView> views = new ArrayList<>();
        for (CameraConsumer consumer : consumers) {
            views.add(CameraView.of(consumer, sinkOutcomes, now));
        }
        views.sort(Comparator.comparing(CameraView::id));
        return views;
    }

    /** The camera with this id, when it has a route. */
    public Optional<CameraView> camera(String cameraId) {
        return consumer(cameraId).map(consumer -> CameraView.of(consumer, sinkOutcomes, System.currentTimeMillis()));
    }

    /** The newest JPEG of the camera, from memory; empty for an unknown camera or before its first frame. */
    public Optional<byte[]> snapshot(String cameraId) {
        return consumer(cameraId).map(consumer -> consumer.getEndpoint().getStatistics().latestFrame())
                .map(frame -> frame.jpeg());
    }

    /** Both sinks, with counts over every camera seen since start. */
    public List<SinkView> sinks() {
        List<SinkView> views = new ArrayList<>();
        for (Sink sink : Sink.values()) {
            long published = 0;
            long errors = 0;
            for (String cameraId : cameraComponent().cameras().keySet()) {
                published += sinkOutcomes.publishedCount(cameraId, sink);
                for (String reason : SinkOutcomes.REASONS) {
                    errors += sinkOutcomes.droppedCount(cameraId, sink, reason);
                }
            }
            views.add(new SinkView(sink.id(), sink.displayName(), sinkOutcomes.isAvailable(sink) ? "UP" : "DOWN",
                    published, errors));
        }
        return views;
    }

    /** The memory governor now and the history of the last {@value #HISTORY_POINTS} system readings. */
    public MemoryView memory() {
        MemoryStatus status = governor.status();
        List<MemoryPoint> points;
        synchronized (history) {
            points = List.copyOf(history);
        }
        return new MemoryView(status.level().name(), status.level().code(), status.processPercent(),
                status.limitMb(), system.rssMb(), points);
    }

    /** The latest reading of the process and the host. */
    public SystemSnapshot system() {
        return system;
    }

    /** The highest resident memory seen by the system readings. */
    public long peakRssBytes() {
        return peakRssBytes.get();
    }

    /** JVM garbage collections so far, all collectors. */
    public long jvmGcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    public MemoryGovernor governor() {
        return governor;
    }

    public Instant startedAt() {
        return startedAt;
    }

    private Optional<CameraConsumer> consumer(String cameraId) {
        return consumers().stream().filter(c -> c.getEndpoint().getCameraId().equals(cameraId)).findFirst();
    }

    private List<CameraConsumer> consumers() {
        List<CameraConsumer> consumers = new ArrayList<>();
        for (Route route : camelContext.getRoutes()) {
            if (route.getConsumer() instanceof CameraConsumer camera) {
                consumers.add(camera);
                seen.put(camera.getEndpoint().getCameraId(), camera);
            }
        }
        return consumers;
    }

    private CameraComponent cameraComponent() {
        return camelContext.getComponent("camera", CameraComponent.class);
    }
}
