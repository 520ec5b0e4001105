package dev.edgevideo.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.edgevideo.camera.CameraConsumer;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatistics;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;

/**
 * One camera as the API, the status page and the reports show it. Serialised as JSON by Jackson.
 *
 * @param id               camera id
 * @param routeId          its route: stop and start the camera by it (JMX)
 * @param state            CONNECTING, STREAMING, BACKOFF, PAUSED or STOPPED
 * @param circuit          the camera circuit breaker: CLOSED, OPEN or HALF_OPEN
 * @param url              source, credentials masked
 * @param targetFps        configured rate
 * @param fps              frames per second delivered to the route, over the last few seconds
 * @param sourceFps        frames per second decoded from the source, over the last few seconds
 * @param frames           counters: decoded, captured, delivered, and per sink published
 * @param dropped          frames not published, by reason; sink reasons per sink as {@code <sink>_<reason>}
 * @param reconnects       sessions reopened after a failure or the end of the stream
 * @param lastFrameAgeSeconds seconds since the newest frame, {@code null} before the first
 * @param capturingSeconds seconds since the camera's first frame: the time its counters cover
 * @param lastError        the last capture error, credentials masked
 * @param averageFrameBytes average JPEG size
 */
public record CameraView(String id, String routeId, CameraState state, String circuit, String url, double targetFps,
                         double fps, double sourceFps, Map<String, Long> frames, Map<String, Long> dropped,
                         long reconnects, Double lastFrameAgeSeconds, double capturingSeconds, String lastError,
                         long averageFrameBytes) {

    /** Frame counters' keys. */
    public static final String DECODED = "decoded";
    public static final String CAPTURED = "captured";
    public static final String DELIVERED = "delivered";

    static CameraView of(CameraConsumer consumer, SinkOutcomes sinks, long nowMillis) {
        String id = consumer.getEndpoint().getCameraId();
        CameraStatistics statistics = consumer.getEndpoint().getStatistics();
        Map<String, Long> frames = new LinkedHashMap<>();
        frames.put(DECODED, statistics.decodedFrames());
        frames.put(CAPTURED, statistics.capturedFrames());
        frames.put(DELIVERED, statistics.deliveredFrames());
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put("stale", statistics.staleFrames());
        dropped.put("throttled", statistics.throttledFrames());
        for (Sink sink : Sink.values()) {
            frames.put(sink.id(), sinks.publishedCount(id, sink));
            for (String reason : SinkOutcomes.REASONS) {
                dropped.put(sink.id() + "_" + reason, sinks.droppedCount(id, sink, reason));
            }
        }
        long first = statistics.firstFrameEpochMillis();
        long last = statistics.lastFrameEpochMillis();
        long encoded = statistics.encodedFrames();
        CameraState state = consumer.getState();
        return new CameraView(id, consumer.getRouteId(), state, circuit(statistics), consumer.getEndpoint().getMaskedUrl(),
                consumer.getEndpoint().getFps(), statistics.deliveredFps(), statistics.sourceFps(), frames, dropped,
                statistics.reconnects(), last == 0 ? null : (nowMillis - last) / 1000.0,
                first == 0 ? 0 : (nowMillis - first) / 1000.0, statistics.lastError(),
                encoded == 0 ? 0 : statistics.encodedBytes() / encoded);
    }

    /** The camera circuit breaker's state: CLOSED, OPEN or HALF_OPEN (CLOSED before the first change). */
    static String circuit(CameraStatistics statistics) {
        CameraStatus status = statistics.status();
        return status == null ? "CLOSED" : status.circuit().name();
    }

    /** Frames the given sink confirmed. */
    public long published(Sink sink) {
        return frames.getOrDefault(sink.id(), 0L);
    }
}
