package dev.edgevideo.sink;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.UrlMasker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happened to every frame at every sink (published, or dropped with a reason) in the camera's
 * registry entry, and tells the operator, once per change, when a sink goes away and when it is back.
 * <p>
 * The routes call {@link #published} after a sink confirmed a frame and {@link #dropped} from the circuit
 * breaker's fallback.
 */
public class SinkOutcomes {

    /** Drop reason: the sink's circuit breaker is open, the frame was not even tried. */
    public static final String REASON_SINK_OPEN = "sink_open";
    /** Drop reason: the sink failed or timed out on this frame. */
    public static final String REASON_SINK_ERROR = "sink_error";
    /** Every drop reason a sink counts. */
    public static final List<String> REASONS = List.of(REASON_SINK_OPEN, REASON_SINK_ERROR);

    private static final Logger LOG = LoggerFactory.getLogger(SinkOutcomes.class);

    private final Map<Sink, String> addresses = new EnumMap<>(Sink.class);
    private final Map<Sink, AtomicBoolean> available = new EnumMap<>(Sink.class);
    private final Map<Sink, LongAdder> droppedWhileAway = new EnumMap<>(Sink.class);
    private final CameraRegistry cameras;
    private final List<PublishListener> publishListeners = new CopyOnWriteArrayList<>();

    /** Told of every frame a sink confirmed; called on the route's thread, so it must be quick. */
    @FunctionalInterface
    public interface PublishListener {
        /**
         * @param cameraId          the frame's camera
         * @param sink              the sink that confirmed it
         * @param captureEpochNanos when the frame was captured (wall clock), 0 when unknown
         */
        void published(String cameraId, Sink sink, long captureEpochNanos);
    }

    public SinkOutcomes(CameraRegistry cameras, String rabbitAddress, String redisAddress) {
        this.cameras = cameras;
        addresses.put(Sink.RABBITMQ, rabbitAddress);
        addresses.put(Sink.REDIS, redisAddress);
        for (Sink sink : Sink.values()) {
            available.put(sink, new AtomicBoolean(true));
            droppedWhileAway.put(sink, new LongAdder());
        }
    }

    /** Records that the sink confirmed the frame in the exchange. */
    public void published(Exchange exchange, Sink sink) {
        String cameraId = cameraId(exchange);
        cameras.find(cameraId).ifPresent(camera -> camera.sink(sink.id()).published());
        long captured = frame(exchange).epochNanos();
        publishListeners.forEach(listener -> listener.published(cameraId, sink, captured));
        if (available.get(sink).compareAndSet(false, true)) {
            LOG.info("{} at {} is back: publishing frames again ({} frames were dropped while it was away)",
                    sink.displayName(), addresses.get(sink), droppedWhileAway.get(sink).sumThenReset());
        }
    }

    /** Records that the frame in the exchange was not published to the sink; called from the fallback. */
    public void dropped(Exchange exchange, Sink sink) {
        // Camel marks every fallback as short-circuited; a frame that was tried carries the exception it failed
        // with, a frame the open breaker rejected carries none.
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? REASON_SINK_OPEN : REASON_SINK_ERROR;
        cameras.find(cameraId(exchange)).ifPresent(camera -> camera.sink(sink.id()).dropped(reason));
        droppedWhileAway.get(sink).increment();
        if (available.get(sink).compareAndSet(true, false)) {
            LOG.warn("{} at {} is unavailable ({}): frames for {} are dropped until it is back; is it running?"
                     + " Start it with: {}", sink.displayName(), addresses.get(sink), describe(cause),
                    sink.displayName(), sink.startHint());
        }
    }

    /** Adds a listener told of every published frame (metrics measure latency with it). */
    public void onPublished(PublishListener listener) {
        publishListeners.add(listener);
    }

    /** Whether the last frame sent to the sink was published. */
    public boolean isAvailable(Sink sink) {
        return available.get(sink).get();
    }

    private static String cameraId(Exchange exchange) {
        return frame(exchange).cameraId();
    }

    private static CapturedFrame frame(Exchange exchange) {
        return exchange.getMessage().getHeader(CameraConstants.FRAME, CapturedFrame.class);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "circuit breaker open";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return UrlMasker.mask(root.getClass().getSimpleName() + ": " + root.getMessage());
    }
}
