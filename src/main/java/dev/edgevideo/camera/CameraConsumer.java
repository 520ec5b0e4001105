package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.edgevideo.camera.ffmpeg.CaptureException;
import dev.edgevideo.camera.ffmpeg.CaptureSettings;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one camera: a grab thread that keeps the FFmpeg session open, samples and encodes frames, and a route
 * thread that feeds them to the route. The two meet in a one-slot {@link FrameMailbox}: the grab thread never
 * waits for the route, and a frame the route was too slow to take is replaced by a newer one (counted stale).
 */
public class CameraConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CameraConsumer.class);
    private static final long POLL_MILLIS = 250;
    /** How long a stopping camera waits for the frame in flight to be published before interrupting it. */
    private static final long DRAIN_MILLIS = 2_000;
    /** Per-frame details are logged at DEBUG once in this many frames, never per frame. */
    private static final long LOG_SAMPLE_EVERY = 500;

    private final CameraEndpoint endpoint;
    private final String cameraId;
    private final CameraStatistics statistics;
    private final FrameMailbox<CapturedFrame> mailbox = new FrameMailbox<>();
    private final FrameSampler slotSampler = new FrameSampler();
    private final FrameSampler capSampler = new FrameSampler();
    private final KeyframeRate keyframeRate = new KeyframeRate();
    private final AtomicReference<CameraState> state = new AtomicReference<>(CameraState.STOPPED);
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    private final CameraManagement management = new CameraManagement(this);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile CircuitBreaker.State circuit = CircuitBreaker.State.CLOSED;
    private volatile String lastFailure;
    private ExecutorService grabExecutor;
    private ExecutorService routeExecutor;
    private Future<?> delivery;

    public CameraConsumer(CameraEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.cameraId = endpoint.getCameraId();
        this.statistics = endpoint.getStatistics();
    }

    @Override
    public CameraEndpoint getEndpoint() {
        return endpoint;
    }

    /** What the camera is doing now. */
    public CameraState getState() {
        return state.get();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Two named threads, so a thread dump or a per-thread CPU reading tells capture cost from route cost.
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        grabExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] grab");
        routeExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] route");
        grabExecutor.submit(this::captureLoop);
        delivery = routeExecutor.submit(this::deliveryLoop);
        management.register();
    }

    @Override
    protected void doStop() throws Exception {
        management.unregister();
        if (grabExecutor != null) {
            drainDelivery();
            ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
            threads.shutdownNow(routeExecutor);
            threads.shutdownNow(grabExecutor);
            // Let the grab thread close its FFmpeg session (a native read returns within readTimeout at most).
            long waitMillis = Math.min(endpoint.getReadTimeout(), 5_000);
            if (!grabExecutor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Camera {}: capture thread still in a native read after {} ms; it releases the FFmpeg"
                         + " session when the read returns", cameraId, waitMillis);
            }
            grabExecutor = null;
            routeExecutor = null;
        }
        if (mailbox.clear() != null) {
            statistics.frameStale();
        }
        changeState(CameraState.STOPPED);
        super.doStop();
    }

    /**
     * Stopping ends the delivery loop after the frame it is publishing: let that frame reach the sinks (bounded)
     * instead of interrupting it halfway.
     */
    private void drainDelivery() {
        try {
            delivery.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debug("Camera {}: frame in flight not published within {} ms; interrupting it", cameraId, DRAIN_MILLIS);
        } catch (ExecutionException e) {
            LOG.debug("Camera {}: delivery loop ended with {}", cameraId, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean running() {
        return isRunAllowed() && !isSuspendingOrSuspended() && !Thread.currentThread().isInterrupted();
    }

    private void captureLoop() {
        CaptureSettings settings = endpoint.captureSettings();
        ReconnectPolicy reconnectPolicy = endpoint.createReconnectPolicy(clock, this::circuitChanged);
        while (running()) {
            Exception failure;
            try {
                Duration wait = reconnectPolicy.beforeAttempt(cameraId);
                if (!wait.isZero()) {
                    changeState(CameraState.BACKOFF);
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    continue;
                }
                changeState(CameraState.CONNECTING);
                try (FfmpegCapture capture = open(settings)) {
                    stream(capture, settings, reconnectPolicy);
                    failure = new CaptureException("stream ended: " + settings.url());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CaptureException | RuntimeException e) {
                failure = e;
            }
            if (!running()) {
                return;
            }
            lastFailure = UrlMasker.mask(failure.getMessage());
            consecutiveFailures.incrementAndGet();
            statistics.reconnecting(lastFailure);
            Duration delay = reconnectPolicy.onFailure(cameraId, failure);
            LOG.debug("Camera {} session failed ({}); next attempt in {} ms", cameraId, lastFailure, delay.toMillis());
            changeState(CameraState.BACKOFF);
            try {
                TimeUnit.MILLISECONDS.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Opens the stream holding one of the component's reconnect permits, so few cameras connect at once. */
    private FfmpegCapture open(CaptureSettings settings) throws CaptureException, InterruptedException {
        Semaphore permits = endpoint.getComponent().reconnectPermits();
        while (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (!running()) {
                throw new InterruptedException("stopping while waiting to connect");
            }
        }
        try {
            return FfmpegCapture.open(settings);
        } finally {
            permits.release();
        }
    }

    private void stream(FfmpegCapture capture, CaptureSettings settings, ReconnectPolicy reconnectPolicy)
            throws CaptureException, InterruptedException {
        statistics.sourceCodec(capture.codecName());
        RealTimePacer pacer = settings.isFile() ? new RealTimePacer() : null;
        FrameRateCap rateCap = endpoint.getComponent().effectiveFrameRateCap();
        DecodeMode decodeMode = endpoint.getDecodeMode();
        StreamWatchdog watchdog = new StreamWatchdog(settings.readTimeout(), capture.declaredFrameRate(),
                System.nanoTime());
        double fps = endpoint.getFps();
        long slotInterval = FrameSampler.intervalMicros(fps);
        slotSampler.reset();
        capSampler.reset();
        keyframeRate.reset();
        double allowed = fps;
        boolean keyFramesOnly = decodeMode == DecodeMode.KEYFRAMES;
        boolean skipToKeyFrame = keyFramesOnly;
        boolean firstFrame = true;
        while (running()) {
            if (!capture.next(skipToKeyFrame)) {
                if (endpoint.isLoop() && settings.isFile()) {
                    capture.rewind();
                    continue;
                }
                return;
            }
            statistics.frameDecoded();
            long timestamp = capture.timestampMicros();
            keyframeRate.observe(timestamp, capture.keyFrame());
            watchdog.onFrame(System.nanoTime());
            if (firstFrame) {
                firstFrame = false;
                reconnectPolicy.onStreaming(cameraId);
                lastFailure = null;
                consecutiveFailures.set(0);
                changeState(CameraState.STREAMING);
                LOG.info("Camera {} streaming {} from {}{}", cameraId, capture.codecName(), endpoint.getMaskedUrl(),
                        capture.isPassthrough() ? " (MJPEG passed through, no re-encoding)" : "");
            }
            reconnectPolicy.onFrame(cameraId);
            if (pacer != null) {
                pacer.awaitStreamTime(timestamp);
            }
            if (slotSampler.accept(timestamp, slotInterval)) {
                statistics.slotSampled();
                allowed = rateCap.allowedFps(cameraId, fps);
                changeState(rateCap.isPaused(cameraId) ? CameraState.PAUSED : CameraState.STREAMING);
                if (allowed < fps && !capSampler.accept(timestamp, FrameSampler.intervalMicros(allowed))) {
                    statistics.frameThrottled();
                } else {
                    handOver(capture);
                }
            }
            if (capture.isPassthrough()) {
                continue;
            }
            skipToKeyFrame = decodeMode == DecodeMode.KEYFRAMES
                             || decodeMode == DecodeMode.AUTO && nextSampleIsPastNextKeyFrame(allowed < fps);
            boolean wanted = decodeMode.keyFramesOnly(Math.min(fps, allowed), keyframeRate.fps());
            if (wanted != keyFramesOnly) {
                keyFramesOnly = wanted;
                statistics.keyFramesOnly(wanted);
                LOG.info("Camera {} now decodes {} ({} fps wanted, {} keyframes per second)", cameraId,
                        wanted ? "keyframes only" : "every frame up to the last sample of each GOP",
                        Math.min(fps, allowed), String.format("%.2f", keyframeRate.fps()));
            }
        }
    }

    /**
     * Whether no frame before the next keyframe will be sampled: then the rest of the GOP need not be decoded.
     * At a rate at most the keyframe rate that is every GOP (keyframe-only decoding); at higher rates it is the
     * tail of each GOP after its last sample (at 2 fps with a 2 s GOP, the last ~0.5 s). Switching back to full
     * decoding always happens on a keyframe, so no frame is decoded without its references.
     */
    private boolean nextSampleIsPastNextKeyFrame(boolean capped) {
        long nextKeyFrame = keyframeRate.nextKeyframeMicros();
        long nextSample = capped ? Math.max(slotSampler.nextSlotMicros(), capSampler.nextSlotMicros())
                : slotSampler.nextSlotMicros();
        return nextKeyFrame != Long.MIN_VALUE && nextSample != Long.MIN_VALUE && nextSample >= nextKeyFrame;
    }

    private void handOver(FfmpegCapture capture) throws CaptureException {
        FfmpegCapture.EncodedFrame encoded = capture.encodeCurrent();
        Instant now = clock.instant();
        CapturedFrame frame = new CapturedFrame(encoded.jpeg(), sequence.incrementAndGet(),
                now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                encoded.width(), encoded.height(), capture.keyFrame());
        statistics.frameEncoded(frame);
        if (mailbox.offer(frame) != null) {
            statistics.frameStale();
        }
        if (frame.sequence() % LOG_SAMPLE_EVERY == 0 && LOG.isDebugEnabled()) {
            LOG.debug("Camera {} frame {}: {}x{} {} bytes, {} stale so far", cameraId, frame.sequence(),
                    frame.width(), frame.height(), frame.jpeg().length, statistics.staleFrames());
        }
    }

    private void deliveryLoop() {
        while (isRunAllowed() && !Thread.currentThread().isInterrupted()) {
            CapturedFrame frame;
            try {
                frame = mailbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (frame != null) {
                deliver(frame);
            }
        }
    }

    private void deliver(CapturedFrame frame) {
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(frame.jpeg());
            message.setHeader(CameraConstants.CAMERA_ID, cameraId);
            message.setHeader(CameraConstants.SEQUENCE, frame.sequence());
            message.setHeader(CameraConstants.TIMESTAMP, frame.epochMillis());
            message.setHeader(CameraConstants.TIMESTAMP_NANOS, frame.epochNanos());
            message.setHeader(CameraConstants.WIDTH, frame.width());
            message.setHeader(CameraConstants.HEIGHT, frame.height());
            message.setHeader(CameraConstants.SOURCE_CODEC, statistics.sourceCodec());
            message.setHeader(CameraConstants.KEY_FRAME, frame.keyFrame());
            message.setHeader(CameraConstants.TARGET_FPS, endpoint.getFps());
            message.setHeader(CameraConstants.MASKED_URL, endpoint.getMaskedUrl());
            statistics.frameDelivered();
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                routeFailed(frame, exchange, exchange.getException());
            }
        } catch (Exception e) {
            routeFailed(frame, exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void routeFailed(CapturedFrame frame, Exchange exchange, Throwable cause) {
        if (isStoppingOrStopped()) {
            // A forced shutdown rejects the frames still in flight: expected, and one line per camera would bury
            // the final report.
            LOG.debug("Camera {}: frame {} not routed while stopping: {}", cameraId, frame.sequence(), cause.toString());
            return;
        }
        getExceptionHandler().handleException("Camera " + cameraId + ": route failed for frame " + frame.sequence(),
                exchange, cause);
    }

    private void circuitChanged(CircuitBreaker.State next) {
        circuit = next;
        publishStatus();
    }

    private void changeState(CameraState next) {
        CameraState previous = state.getAndSet(next);
        if (previous != next) {
            LOG.debug("Camera {} {} -> {}", cameraId, previous, next);
            publishStatus();
        }
    }

    private void publishStatus() {
        CameraStatus status = new CameraStatus(cameraId, clock.instant(), state.get(), circuit,
                consecutiveFailures.get(), lastFailure);
        statistics.status(status);
        endpoint.getComponent().statusChanged(status);
    }
}
