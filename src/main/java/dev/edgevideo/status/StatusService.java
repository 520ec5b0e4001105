package dev.edgevideo.status;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.cluster.CameraCluster;
import dev.edgevideo.governor.MemoryGovernor;
import dev.edgevideo.governor.MemoryStatus;
import dev.edgevideo.governor.OshiSystemProbe;
import dev.edgevideo.governor.SystemSnapshot;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;
import org.apache.camel.CamelContext;
import org.apache.camel.StaticService;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's state for operators: cameras, sinks, memory and the process. Started and stopped with Camel as a
 * service; while started, one thread reads the process and host (the governor's {@link OshiSystemProbe}) every
 * {@code systemInterval}, keeping a short memory history. Cameras are read from the camera registry, never copied.
 */
public class StatusService extends ServiceSupport implements StaticService {

    /** Points kept for the memory history chart. */
    static final int HISTORY_POINTS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);

    private final CamelContext camelContext;
    private final MemoryGovernor governor;
    private final SinkOutcomes sinkOutcomes;
    private final Duration systemInterval;
    private final OshiSystemProbe probe;
    private final Deque<MemoryView.Point> history = new ArrayDeque<>(HISTORY_POINTS);
    private final AtomicLong peakRssBytes = new AtomicLong();
    private final Instant startedAt = Instant.now();
    private final CameraRegistry cameras;
    private final CameraCluster cluster;
    private volatile SystemSnapshot system = SystemSnapshot.NONE;
    private ScheduledExecutorService scheduler;

    public StatusService(CamelContext camelContext, CameraRegistry cameras, MemoryGovernor governor,
                         OshiSystemProbe probe, SinkOutcomes sinkOutcomes, CameraCluster cluster,
                         Duration systemInterval) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.camelContext = Objects.requireNonNull(camelContext, "camelContext");
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.governor = Objects.requireNonNull(governor, "governor");
        this.sinkOutcomes = Objects.requireNonNull(sinkOutcomes, "sinkOutcomes");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.systemInterval = systemInterval;
    }

    @Override
    protected void doStart() {
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "EdgeVideoStatus");
        scheduler.scheduleAtFixedRate(this::sampleSystem, 0, systemInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    private void sampleSystem() {
        try {
            SystemSnapshot snapshot = probe.sampleProcess();
            system = snapshot;
            peakRssBytes.accumulateAndGet(snapshot.rssBytes(), Math::max);
            MemoryStatus memory = governor.status();
            synchronized (history) {
                if (history.size() == HISTORY_POINTS) {
                    history.removeFirst();
                }
                history.addLast(new MemoryView.Point(System.currentTimeMillis(), memory.processPercent(),
                        memory.level().code()));
            }
        } catch (RuntimeException e) {
            // A failed reading keeps the previous one; the next tick tries again.
            LOG.debug("System reading failed: {}", e.toString());
        }
    }

    /** Every configured camera, by id. */
    public List<CameraView> cameras() {
        long now = System.currentTimeMillis();
        return cameras.cameras().stream().map(camera -> CameraView.of(camera, cluster, now)).toList();
    }

    public Optional<CameraView> camera(String cameraId) {
        return cameras.find(cameraId).map(camera -> CameraView.of(camera, cluster, System.currentTimeMillis()));
    }

    public CameraCluster cluster() {
        return cluster;
    }

    /** The newest JPEG of the camera, from memory; empty for an unknown camera or before its first frame. */
    public Optional<byte[]> snapshot(String cameraId) {
        return cameras.find(cameraId).map(CameraRuntime::latestFrame).map(CapturedFrame::jpeg);
    }

    /** Both sinks, with counts over every configured camera. */
    public List<SinkView> sinks() {
        return Arrays.stream(Sink.values()).map(sink -> {
            List<CameraRuntime.SinkCounters> counters = cameras.cameras().stream().map(c -> c.sink(sink.id())).toList();
            return new SinkView(sink.id(), sink.displayName(), sinkOutcomes.isAvailable(sink) ? "UP" : "DOWN",
                    counters.stream().mapToLong(CameraRuntime.SinkCounters::publishedCount).sum(),
                    counters.stream().flatMapToLong(c -> SinkOutcomes.REASONS.stream().mapToLong(c::droppedCount))
                            .sum());
        }).toList();
    }

    /** The memory governor now and the history of the last {@value #HISTORY_POINTS} system readings. */
    public MemoryView memory() {
        MemoryStatus status = governor.status();
        List<MemoryView.Point> points;
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
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }

    public MemoryGovernor governor() {
        return governor;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
