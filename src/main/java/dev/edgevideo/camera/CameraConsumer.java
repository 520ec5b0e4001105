package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.edgevideo.camera.ffmpeg.CaptureException;
import dev.edgevideo.camera.ffmpeg.CaptureSettings;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture;
import dev.edgevideo.camera.ffmpeg.LumaThumbnail;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckRegistry;
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
    private final FrameMailbox<CapturedFrame> mailbox = new FrameMailbox<>();
    private final FrameSampler slotSampler = new FrameSampler();
    private final FrameSampler capSampler = new FrameSampler();
    private final KeyframeRate keyframeRate = new KeyframeRate();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    private final ChangeGate changeGate;
    private final FrozenDetector frozenDetector;
    /** Whether the picture is frozen now; the grab thread's. */
    private boolean frozen;
    /** Whether this session's frames are on the sender's clock yet (an RTCP sender report came); the grab thread's. */
    private boolean onSenderClock;
    private CameraRuntime runtime;
    private HealthCheckRegistry healthCheckRegistry;
    private CameraConsumerHealthCheck healthCheck;
    private ExecutorService grabExecutor;
    private ExecutorService routeExecutor;
    private Future<?> delivery;

    public CameraConsumer(CameraEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.cameraId = endpoint.getCameraId();
        this.changeGate = new ChangeGate(endpoint.getPublishOn(), endpoint.getChangeThreshold(),
                endpoint.getHeartbeat());
        this.frozenDetector = new FrozenDetector(endpoint.getFrozenAfter());
    }

    @Override
    public CameraEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        runtime = endpoint.runtime();
        runtime.configure(getRouteId(), endpoint.getMaskedUrl(), endpoint.getFps());
        runtime.publishOn(endpoint.getPublishOn());
        registerHealthCheck();
        // Two named threads, so a thread dump or a per-thread CPU reading tells capture cost from route cost.
        ExecutorServiceManager threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        grabExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] grab");
        routeExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] route");
        grabExecutor.submit(this::captureLoop);
        delivery = routeExecutor.submit(this::deliveryLoop);
    }

    /**
     * Registered with the consumer's life, as Camel's own consumers do (camel-kafka): health checks are optional,
     * so discovered. Not set as the consumer's own check ({@code setHealthCheck}): Camel's generic
     * {@code consumer:<routeId>} check would then consult it and make one dark camera fail the service's
     * readiness. Camel 4.17 has no writable "components" repository yet, so the check goes to the registry.
     */
    private void registerHealthCheck() {
        healthCheckRegistry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (healthCheckRegistry != null) {
            healthCheck = new CameraConsumerHealthCheck(runtime, getRouteId());
            healthCheckRegistry.register(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRegistry != null && healthCheck != null) {
            healthCheckRegistry.unregister(healthCheck);
            healthCheck = null;
        }
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
            runtime.frameStale();
        }
        runtime.updateState(CameraState.STOPPED);
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
        CameraCircuitBreaker breaker = new CameraCircuitBreaker(cameraId, endpoint.getReconnect(), clock);
        while (running()) {
            Exception failure;
            try {
                Duration wait = breaker.beforeAttempt();
                if (!wait.isZero()) {
                    publishStatus(CameraState.BACKOFF, breaker);
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    continue;
                }
                // A retry of a failing camera stays BACKOFF: its failure count already tells each attempt, and a
                // CONNECTING in between would make every failed attempt two events. A first attempt, or a trial of
                // an open circuit (HALF_OPEN now), is a real change and is told.
                if (breaker.consecutiveFailures() == 0 || breaker.state() == CircuitState.HALF_OPEN) {
                    publishStatus(CameraState.CONNECTING, breaker);
                }
                try (FfmpegCapture capture = open(settings)) {
                    stream(capture, settings, breaker);
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
            String error = UrlMasker.mask(failure.getMessage());
            runtime.reconnecting();
            Duration delay = breaker.onFailure(error);
            LOG.debug("Camera {} session failed ({}); next attempt in {} ms", cameraId, error, delay.toMillis());
            publishStatus(CameraState.BACKOFF, breaker);
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

    private void stream(FfmpegCapture capture, CaptureSettings settings, CameraCircuitBreaker breaker)
            throws CaptureException, InterruptedException {
        runtime.sourceCodec(capture.codecName());
        RealTimePacer pacer = settings.isFile() ? new RealTimePacer() : null;
        SamplingClock samplingClock = new SamplingClock(pacer != null);
        runtime.samplingOnArrival(false);
        FrameRateCap rateCap = endpoint.getComponent().effectiveFrameRateCap();
        DecodeMode decodeMode = endpoint.getDecodeMode();
        StreamWatchdog watchdog = new StreamWatchdog(settings.readTimeout(), capture.declaredFrameRate(),
                System.nanoTime());
        double fps = endpoint.getFps();
        long slotInterval = FrameSampler.intervalMicros(fps);
        slotSampler.reset();
        capSampler.reset();
        keyframeRate.reset();
        changeGate.reset();
        frozenDetector.reset();
        frozen = false;
        onSenderClock = false;
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
            runtime.frameDecoded();
            long timestamp = samplingTime(capture.timestampMicros(), samplingClock);
            keyframeRate.observe(timestamp, capture.keyFrame());
            watchdog.onFrame(System.nanoTime());
            breaker.onFrame();
            if (firstFrame) {
                firstFrame = false;
                publishStatus(CameraState.STREAMING, breaker);
                LOG.info("Camera {} streaming {} from {}{}", cameraId, capture.codecName(), endpoint.getMaskedUrl(),
                        capture.isPassthrough() ? " (MJPEG passed through, no re-encoding)" : "");
            } else if (breaker.state() != runtime.status().circuit()) {
                publishStatus(runtime.status().state(), breaker);
            }
            if (pacer != null) {
                pacer.awaitStreamTime(capture.timestampMicros());
            }
            if (slotSampler.accept(timestamp, slotInterval)) {
                runtime.slotSampled();
                allowed = rateCap.allowedFps(fps);
                boolean paused = rateCap.isPaused();
                runtime.allowed(allowed, paused);
                publishStatus(paused ? CameraState.PAUSED : frozen ? CameraState.FROZEN : CameraState.STREAMING,
                        breaker);
                if (allowed < fps && !capSampler.accept(timestamp, FrameSampler.intervalMicros(allowed))) {
                    runtime.frameThrottled();
                } else {
                    handOver(capture, breaker);
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
                runtime.keyFramesOnly(wanted);
                LOG.info("Camera {} now decodes {} ({} fps wanted, {} keyframes per second)", cameraId,
                        wanted ? "keyframes only" : "every frame up to the last sample of each GOP",
                        Math.min(fps, allowed), String.format("%.2f", keyframeRate.fps()));
            }
        }
    }

    /** The time the frame is sampled (and its GOP tracked) at; tells once when the stream clock was found wrong. */
    private long samplingTime(long streamMicros, SamplingClock samplingClock) {
        boolean wasArrival = samplingClock.isArrival();
        long time = samplingClock.sampleTime(streamMicros, System.nanoTime());
        if (!wasArrival && samplingClock.isArrival()) {
            runtime.samplingOnArrival(true);
            LOG.info("Camera {}: stream timestamps advance {} s per second of real time (a source without real"
                     + " timestamps, such as MJPEG over HTTP): sampling on arrival time", cameraId,
                    String.format(Locale.ROOT, "%.2f", samplingClock.lastRatio()));
        }
        return time;
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

    private void handOver(FfmpegCapture capture, CameraCircuitBreaker breaker) throws CaptureException {
        long timestamp = capture.timestampMicros();
        long started = System.nanoTime();
        LumaThumbnail thumbnail = capture.thumbnail();
        double changeScore = changeGate.score(thumbnail);
        boolean publish = changeGate.publishes(changeScore, timestamp);
        if (thumbnail != null) {
            runtime.changeCost(System.nanoTime() - started);
            watchFrozen(thumbnail, timestamp, breaker);
        }
        if (!publish) {
            runtime.frameUnchanged();
            return;
        }
        changeGate.published(thumbnail, timestamp);
        FfmpegCapture.EncodedFrame encoded = capture.encodeCurrent();
        Instant now = clock.instant();
        long received = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        // Never held for a sender report: until the first one the frame goes out on our clock.
        long sender = capture.senderEpochMicros();
        TimestampSource source = sender == Long.MIN_VALUE ? TimestampSource.RECEIVER : TimestampSource.SENDER;
        CapturedFrame frame = new CapturedFrame(cameraId, encoded.jpeg(), sequence.incrementAndGet(),
                source == TimestampSource.SENDER ? sender * 1000L : received, received, source,
                encoded.width(), encoded.height(), capture.keyFrame(), capture.codecName(), changeScore);
        if (source == TimestampSource.SENDER && !onSenderClock) {
            onSenderClock = true;
            LOG.info("Camera {}: RTCP sender report received, timestamps now on the sender's clock (our receive"
                     + " time minus the sender's: {} ms)", cameraId, frame.clockOffsetNanos() / 1_000_000L);
        }
        runtime.frameEncoded(frame);
        if (mailbox.offer(frame) != null) {
            runtime.frameStale();
        }
        if (frame.sequence() % LOG_SAMPLE_EVERY == 0 && LOG.isDebugEnabled()) {
            LOG.debug("Camera {} frame {}: {}x{} {} bytes, {} stale so far", cameraId, frame.sequence(),
                    frame.width(), frame.height(), frame.jpeg().length, runtime.staleFrames());
        }
    }

    /**
     * FROZEN on the sample that completes {@code frozenAfter} of identical pictures, STREAMING again on the first
     * changed one; with {@code frozenReconnect} the session is reopened instead of staying frozen.
     */
    private void watchFrozen(LumaThumbnail thumbnail, long timestamp, CameraCircuitBreaker breaker)
            throws CaptureException {
        boolean nowFrozen = frozenDetector.observe(thumbnail.rowsHash(), timestamp);
        if (nowFrozen == frozen) {
            return;
        }
        frozen = nowFrozen;
        if (nowFrozen) {
            runtime.frozen();
            LOG.warn("Camera {} is FROZEN: the same picture for {} ms while frames keep arriving", cameraId,
                    endpoint.getFrozenAfter());
            publishStatus(CameraState.FROZEN, breaker);
            if (endpoint.isFrozenReconnect()) {
                throw new CaptureException("picture frozen for " + endpoint.getFrozenAfter() + " ms; reconnecting");
            }
        } else {
            LOG.info("Camera {} picture changed: no longer frozen", cameraId);
            publishStatus(CameraState.STREAMING, breaker);
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
            message.setHeader(CameraConstants.FRAME, frame);
            runtime.frameDelivered();
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

    /** The camera's status as the consumer and its breaker see it; the registry tells listeners of real changes. */
    private void publishStatus(CameraState state, CameraCircuitBreaker breaker) {
        CameraState previous = runtime.status().state();
        runtime.updateStatus(state, breaker.state(), breaker.consecutiveFailures(), breaker.lastError());
        if (previous != state) {
            LOG.debug("Camera {} {} -> {}", cameraId, previous, state);
        }
    }
}
