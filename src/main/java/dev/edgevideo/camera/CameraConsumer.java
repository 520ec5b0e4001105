package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    /** Per-frame details are logged at DEBUG once in this many frames, never per frame. */
    private static final long LOG_SAMPLE_EVERY = 500;

    private final CameraEndpoint endpoint;
    private final String cameraId;
    private final CameraStatistics statistics;
    private final FrameMailbox<CapturedFrame> mailbox = new FrameMailbox<>();
    private final FrameSampler slotSampler = new FrameSampler();
    private final FrameSampler capSampler = new FrameSampler();
    private final AtomicReference<CameraState> state = new AtomicReference<>(CameraState.STOPPED);
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile CircuitBreaker.State circuit = CircuitBreaker.State.CLOSED;
    private volatile String lastFailure;
    private ExecutorService executor;

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
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "Camera[" + cameraId + "]", 2);
        executor.submit(this::captureLoop);
        executor.submit(this::deliveryLoop);
    }

    @Override
    protected void doStop() throws Exception {
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            // Let the grab thread close its FFmpeg session (a native read returns within readTimeout at most).
            long waitMillis = Math.min(endpoint.getReadTimeout(), 5_000);
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Camera {}: capture thread still in a native read after {} ms; it releases the FFmpeg"
                         + " session when the read returns", cameraId, waitMillis);
            }
            executor = null;
        }
        if (mailbox.clear() != null) {
            statistics.frameStale();
        }
        changeState(CameraState.STOPPED);
        super.doStop();
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
        StreamWatchdog watchdog = new StreamWatchdog(settings.readTimeout(), capture.declaredFrameRate(),
                System.nanoTime());
        double fps = endpoint.getFps();
        long slotInterval = FrameSampler.intervalMicros(fps);
        slotSampler.reset();
        capSampler.reset();
        boolean firstFrame = true;
        while (running()) {
            if (!capture.next()) {
                if (endpoint.isLoop() && settings.isFile()) {
                    capture.rewind();
                    continue;
                }
                return;
            }
            statistics.frameDecoded();
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
                pacer.awaitStreamTime(capture.timestampMicros());
            }
            long timestamp = capture.timestampMicros();
            if (!slotSampler.accept(timestamp, slotInterval)) {
                continue;
            }
            statistics.slotSampled();
            double allowed = rateCap.allowedFps(cameraId, fps);
            if (allowed < fps && !capSampler.accept(timestamp, FrameSampler.intervalMicros(allowed))) {
                statistics.frameThrottled();
                continue;
            }
            handOver(capture);
        }
    }

    private void handOver(FfmpegCapture capture) throws CaptureException {
        FfmpegCapture.EncodedFrame encoded = capture.encodeCurrent();
        Instant now = clock.instant();
        CapturedFrame frame = new CapturedFrame(encoded.jpeg(), sequence.incrementAndGet(),
                now.getEpochSecond() * 1_000_000_000L + now.getNano(), System.nanoTime(),
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
                getExceptionHandler().handleException("Camera " + cameraId + ": route failed for frame "
                                                      + frame.sequence(), exchange, exchange.getException());
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("Camera " + cameraId + ": route failed for frame "
                                                  + frame.sequence(), exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
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
