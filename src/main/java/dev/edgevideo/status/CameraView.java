package dev.edgevideo.status;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.cluster.CameraCluster;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.sink.SinkOutcomes;

/**
 * One camera as the API, the status page and the reports show it. Serialised as JSON by Jackson. The counters
 * are every {@link CameraCounter}, placed by its kind: {@code frames}, {@code dropped}, or (events) at the top level.
 *
 * @param id               camera id
 * @param routeId          its route: stop and start the camera by it (JMX)
 * @param state            CONNECTING, STREAMING, FROZEN, BACKOFF, PAUSED or STOPPED; STANDBY when another instance of
 *                         the cluster consumes the camera
 * @param owner            the instance that consumes the camera ({@code edgevideo.cluster.node-id}), {@code null}
 *                         while nobody does
 * @param up               whether the camera does its job here ({@link CameraState#isUp()})
 * @param circuit          the camera circuit breaker: CLOSED, OPEN or HALF_OPEN
 * @param url              source, credentials masked
 * @param targetFps        configured rate
 * @param allowedFps       the rate sampled at now: the target, or the memory governor's lower cap
 * @param fps              frames per second delivered to the route, over the last {@code fpsWindowSeconds}: the
 *                         camera's rate, the same figure as the status page and {@code edge_video_camera_fps}
 * @param fpsWindowSeconds the window {@code fps}, {@code sourceFps} and the shortfall are measured over
 * @param sourceFps        frames per second the source sends (decoded or not), over the same window
 * @param frames           counters: source (frames the source sent), decoded, captured (slots filled), delivered,
 *                         and per sink published
 * @param dropped          frames not published, by reason; {@code source}, {@code decode} and {@code behind} count
 *                         the slots no frame filled (slots wanted = captured + those); sink reasons per sink as
 *                         {@code <sink>_<reason>}
 * @param events           counted events, at the top level of the JSON: reconnects, throttle episodes, pauses,
 *                         frozen episodes
 * @param lastFrameAgeSeconds seconds since the newest frame, {@code null} before the first
 * @param capturingSeconds seconds since the camera's first frame: the time its counters cover
 * @param lastError        the last capture error, credentials masked
 * @param averageFrameBytes average JPEG size
 * @param sourceCodec      FFmpeg's name of the source codec, {@code null} before the first session
 * @param keyFramesOnly    whether only keyframes are decoded now
 * @param decodeStrategy   what is decoded now: {@code all}, {@code keyframes}, {@code gop-tail} or {@code references};
 *                         {@code null} for MJPEG passed through and before the first session
 * @param publishOn        every or change: which sampled frames are published
 * @param unchangedShare   share of the captured frames skipped as unchanged, 0 to 1
 * @param changeCostMicros median cost of the change detection per frame, {@code null} before the first picture
 * @param samplingClock    {@code stream} (the source's timestamps) or {@code arrival} (when the frames came: the
 *                         source's timestamps did not track real time)
 * @param sourceShortfall  whether the source sends fewer frames than the target asks for
 * @param sourceShortfallReason the shortfall in words, {@code null} without one
 * @param timestampSource  whose clock the newest frame's timestamp is on, {@code sender} (RTCP sender reports) or
 *                         {@code receiver}; {@code null} before the first frame
 * @param clockOffsetMs    our receive time minus the sender's time of the newest frame, {@code null} unless it is
 *                         on the sender's clock
 */
public record CameraView(String id, String routeId, String state, String owner, boolean up, String circuit, String url,
                         double targetFps,
                         double allowedFps, double fps, int fpsWindowSeconds, double sourceFps,
                         Map<String, Long> frames,
                         Map<String, Long> dropped, @JsonAnyGetter Map<String, Long> events,
                         Double lastFrameAgeSeconds,
                         double capturingSeconds, String lastError, long averageFrameBytes, String sourceCodec,
                         boolean keyFramesOnly, String decodeStrategy, String publishOn, double unchangedShare,
                         Double changeCostMicros, String samplingClock, boolean sourceShortfall,
                         String sourceShortfallReason, String timestampSource, Double clockOffsetMs) {

    /** The state shown for a camera that another instance of the cluster consumes. */
    public static final String STANDBY = "STANDBY";

    /** @param cluster who consumes which camera; {@code null} outside a wired service (one instance, no owner) */
    static CameraView of(CameraRuntime camera, CameraCluster cluster, long nowMillis) {
        Map<String, Long> frames = new LinkedHashMap<>();
        Map<String, Long> dropped = new LinkedHashMap<>();
        Map<String, Long> events = new LinkedHashMap<>();
        for (CameraCounter counter : CameraCounter.values()) {
            (switch (counter.kind()) {
                case FRAMES -> frames;
                case MISSED, DROPPED -> dropped;
                case EVENTS -> events;
            }).put(counter.key(), camera.count(counter));
        }
        for (Sink sink : Sink.values()) {
            CameraRuntime.SinkCounters counters = camera.sink(sink.id());
            frames.put(sink.id(), counters.publishedCount());
            for (String reason : SinkOutcomes.REASONS) {
                dropped.put(sink.id() + "_" + reason, counters.droppedCount(reason));
            }
        }
        CameraStatus status = camera.status();
        double cost = camera.changeCostNanos();
        double offset = camera.clockOffsetSeconds();
        long first = camera.firstFrameEpochMillis();
        long last = camera.lastFrameEpochMillis();
        boolean standby = cluster != null && cluster.isStandby(camera.cameraId());
        String owner = cluster == null ? null : cluster.ownerOf(camera.cameraId()).orElse(null);
        return new CameraView(camera.cameraId(), camera.routeId(), standby ? STANDBY : status.state().name(), owner,
                status.state().isUp(), status.circuit().name(),
                camera.maskedUrl(), camera.targetFps(), camera.allowedFps(), camera.rate(CameraCounter.DELIVERED),
                CameraRuntime.RATE_WINDOW_SECONDS, camera.rate(CameraCounter.SOURCE_FRAMES),
                frames, dropped, events, last == 0 ? null : (nowMillis - last) / 1000.0,
                first == 0 ? 0 : (nowMillis - first) / 1000.0, status.lastError(), camera.averageFrameBytes(),
                camera.sourceCodec(), camera.isKeyFramesOnly(), camera.decodeStrategy(), camera.publishOn().name(),
                camera.unchangedShare(),
                Double.isNaN(cost) ? null : cost / 1000.0, camera.isSamplingOnArrival() ? "arrival" : "stream",
                camera.isSourceShortfall(), camera.sourceShortfallReason(),
                camera.timestampSource() == null ? null : camera.timestampSource().id(),
                Double.isNaN(offset) ? null : Math.round(offset * 1000 * 10) / 10.0);
    }

    /** Whether another instance of the cluster consumes the camera. */
    public boolean isStandby() {
        return STANDBY.equals(state);
    }

    public long published(Sink sink) {
        return frames.getOrDefault(sink.id(), 0L);
    }
}
