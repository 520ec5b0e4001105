package dev.edgevideo.camera;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one camera consumer, written by its threads and read by metrics, JMX and the API.
 */
public final class CameraStatistics {

    /** Rates are averaged over this many one-second samples. */
    private static final int RATE_WINDOW_SAMPLES = 6;

    private final LongAdder decoded = new LongAdder();
    private final LongAdder captured = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder droppedStale = new LongAdder();
    private final LongAdder droppedThrottled = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder encoded = new LongAdder();
    private final LongAdder encodedBytes = new LongAdder();
    private final RateMeter sourceRate = new RateMeter(RATE_WINDOW_SAMPLES);
    private final RateMeter deliveredRate = new RateMeter(RATE_WINDOW_SAMPLES);
    private final AtomicLong firstFrameEpochMillis = new AtomicLong();
    private final AtomicLong lastFrameEpochMillis = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<String> sourceCodec = new AtomicReference<>();
    private final AtomicReference<CapturedFrame> latest = new AtomicReference<>();
    private volatile boolean keyFramesOnly;
    private final AtomicReference<CameraStatus> status = new AtomicReference<>();

    void frameDecoded() {
        decoded.increment();
    }

    void slotSampled() {
        captured.increment();
    }

    void frameEncoded(CapturedFrame frame) {
        encoded.increment();
        encodedBytes.add(frame.jpeg().length);
        firstFrameEpochMillis.compareAndSet(0, frame.epochMillis());
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

    void keyFramesOnly(boolean keyFramesOnly) {
        this.keyFramesOnly = keyFramesOnly;
    }

    /** Whether the camera currently decodes keyframes only. */
    public boolean isKeyFramesOnly() {
        return keyFramesOnly;
    }

    void status(CameraStatus current) {
        status.set(current);
    }

    void sourceCodec(String codec) {
        sourceCodec.set(codec);
    }

    /**
     * Takes one sample of the decoded and delivered counters for {@link #sourceFps()} and {@link #deliveredFps()};
     * called about once a second by one status thread, never by the frame threads.
     */
    public void sampleRates(long nowNanos) {
        sourceRate.sample(decoded.sum(), nowNanos);
        deliveredRate.sample(delivered.sum(), nowNanos);
    }

    /** Frames per second decoded from the source, over the last few seconds. */
    public double sourceFps() {
        return sourceRate.perSecond();
    }

    /** Frames per second delivered to the route, over the last few seconds. */
    public double deliveredFps() {
        return deliveredRate.perSecond();
    }

    /** Frames encoded as JPEG (or passed through) and handed to the route thread. */
    public long encodedFrames() {
        return encoded.sum();
    }

    /** Bytes of the JPEGs encoded so far: with {@link #encodedFrames()}, the average frame size. */
    public long encodedBytes() {
        return encodedBytes.sum();
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

    /** Capture time of the first frame since the service started, epoch ms; 0 before it. */
    public long firstFrameEpochMillis() {
        return firstFrameEpochMillis.get();
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
