package dev.edgevideo.camera;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one camera consumer, written by its threads and read by metrics, JMX and the API.
 */
public final class CameraStatistics {

    private final LongAdder decoded = new LongAdder();
    private final LongAdder captured = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder droppedStale = new LongAdder();
    private final LongAdder droppedThrottled = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final AtomicLong lastFrameEpochMillis = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<String> sourceCodec = new AtomicReference<>();
    private final AtomicReference<CapturedFrame> latest = new AtomicReference<>();
    private final AtomicReference<CameraStatus> status = new AtomicReference<>();

    void frameDecoded() {
        decoded.increment();
    }

    void slotSampled() {
        captured.increment();
    }

    void frameEncoded(CapturedFrame frame) {
        lastFrameEpochMillis.set(frame.epochMillis());
        latest.set(frame);
    }

    void frameDelivered() {
        delivered.increment();
    }

    void frameStale() {
        droppedStale.increment();
    }

    void frameThrottled() {
        droppedThrottled.increment();
    }

    void reconnecting(String error) {
        reconnects.increment();
        lastError.set(error);
    }

    void status(CameraStatus current) {
        status.set(current);
    }

    void sourceCodec(String codec) {
        sourceCodec.set(codec);
    }

    /** Frames decoded from the source (before sampling). */
    public long decodedFrames() {
        return decoded.sum();
    }

    /**
     * Frames captured: sampling slots at the camera's own rate. Each one is then either delivered to the
     * route, or dropped as throttled (rate cap) or stale (replaced before the route took it).
     */
    public long capturedFrames() {
        return captured.sum();
    }

    /** Frames the route thread took and processed. */
    public long deliveredFrames() {
        return delivered.sum();
    }

    /** Frames replaced in the mailbox before the route took them. */
    public long staleFrames() {
        return droppedStale.sum();
    }

    /** Sampling slots skipped because the frame-rate cap was below the camera's own rate. */
    public long throttledFrames() {
        return droppedThrottled.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    /** Capture time of the newest frame, epoch ms; 0 before the first frame. */
    public long lastFrameEpochMillis() {
        return lastFrameEpochMillis.get();
    }

    /** The last error, credentials masked; {@code null} when there was none. */
    public String lastError() {
        return lastError.get();
    }

    /** The camera's last reported status (state, circuit, failures); {@code null} before it first started. */
    public CameraStatus status() {
        return status.get();
    }

    public String sourceCodec() {
        return sourceCodec.get();
    }

    /** The newest captured frame, kept for snapshots; {@code null} before the first frame. */
    public CapturedFrame latestFrame() {
        return latest.get();
    }
}
