package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Duration;
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
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one camera: a grab thread that keeps an FFmpeg session open (one {@link CaptureSession} at a time, reopened
 * through the camera's circuit breaker when it fails), and a route thread that feeds the frames to the route through
 * a one-slot {@link FrameMailbox}: a frame the route was too slow to take is replaced by a newer one (counted stale).
 */
public class CameraConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CameraConsumer.class);
    private static final long POLL_MILLIS = 250;
    /**
     * How long an idle route thread waits before it looks again whether to stop: only a safety net, as stopping closes
     * the mailbox, which wakes it at once (a short bound woke every route thread four times a second for nothing).
     */
    private static final long IDLE_POLL_MILLIS = 10_000;
    /** How long a stopping camera waits for the frame in flight to be published before interrupting it. */
    private static final long DRAIN_MILLIS = 2_000;

    private final CameraEndpoint endpoint;
    private final String cameraId;
    /** New on every start: stopping closes it. */
    private FrameMailbox<CapturedFrame> mailbox;
    /** Frame numbers go on across sessions. */
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
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
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        runtime = endpoint.runtime();
        runtime.configure(getRouteId(), endpoint.getMaskedUrl(), endpoint.getFps(), endpoint.getPublishOn());
        // Registered with the consumer's life, as Camel's own consumers do (camel-kafka): health checks are optional,
        // so discovered. Not set as the consumer's own check (setHealthCheck): Camel's generic consumer:<routeId>
        // check would then consult it and make one dark camera fail the service's readiness. Camel (4.18) has no
        // writable "components" repository yet, so the check goes to the registry
        // (canary: CamelWorkaroundsCanaryTest.thereIsNoComponentsHealthCheckRepository).
        healthCheckRegistry = HealthCheckRegistry.get(endpoint.getCamelContext());
        if (healthCheckRegistry != null) {
            healthCheck = new CameraConsumerHealthCheck(runtime, getRouteId());
            healthCheckRegistry.register(healthCheck);
        }
        // Two named threads, so a thread dump or a per-thread CPU reading tells capture cost from route cost.
        ExecutorServiceManager threads = endpoint.getCamelContext().getExecutorServiceManager();
        mailbox = new FrameMailbox<>();
        grabExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] grab");
        routeExecutor = threads.newSingleThreadExecutor(this, "Camera[" + cameraId + "] route");
        grabExecutor.submit(this::captureLoop);
        delivery = routeExecutor.submit(this::deliveryLoop);
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheck != null) {
            healthCheckRegistry.unregister(healthCheck);
            healthCheck = null;
        }
        if (grabExecutor != null) {
            drainDelivery();
            ExecutorServiceManager threads = endpoint.getCamelContext().getExecutorServiceManager();
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
        if (mailbox != null && mailbox.clear() != null) {
            runtime.increment(CameraCounter.STALE);
        }
        if (runtime != null) { // null when the route never started (a camera another member of a cluster consumes)
            runtime.updateState(CameraState.STOPPED);
        }
        super.doStop();
    }

    /**
     * Stopping ends the delivery loop after the frame it is publishing: let that frame reach the sinks (bounded)
     * instead of interrupting it halfway.
     */
    private void drainDelivery() {
        mailbox.close();
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
        try {
            while (running()) {
                Duration wait = breaker.beforeAttempt();
                if (!wait.isZero()) {
                    CaptureSession.publishStatus(runtime, CameraState.BACKOFF, breaker);
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                    continue;
                }
                // A retry of a failing camera stays BACKOFF: its failure count already tells each attempt, and a
                // CONNECTING in between would make every failed attempt two events. A first attempt, or a trial of
                // an open circuit (HALF_OPEN now), is a real change and is told.
                if (breaker.consecutiveFailures() == 0 || breaker.state() == CircuitState.HALF_OPEN) {
                    CaptureSession.publishStatus(runtime, CameraState.CONNECTING, breaker);
                }
                Exception failure;
                try (FfmpegCapture capture = open(settings)) {
                    new CaptureSession(endpoint, runtime, capture, breaker, mailbox, sequence, clock)
                            .run(this::running);
                    failure = new CaptureException("stream ended: " + settings.url());
                } catch (CaptureException | RuntimeException e) {
                    failure = e;
                }
                if (!running()) {
                    return;
                }
                String error = UrlMasker.mask(failure.getMessage());
                runtime.increment(CameraCounter.RECONNECTS);
                Duration delay = breaker.onFailure(error);
                LOG.debug("Camera {} session failed ({}); next attempt in {} ms", cameraId, error, delay.toMillis());
                CaptureSession.publishStatus(runtime, CameraState.BACKOFF, breaker);
                TimeUnit.MILLISECONDS.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void deliveryLoop() {
        try {
            while (isRunAllowed() && !Thread.currentThread().isInterrupted()) {
                CapturedFrame frame = mailbox.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    deliver(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(CapturedFrame frame) {
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(frame.jpeg());
            message.setHeader(CameraConstants.FRAME, frame);
            runtime.increment(CameraCounter.DELIVERED);
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
        if (isStoppingOrStopped() || endpoint.getCamelContext().isStopping()) {
            // A forced shutdown rejects the frames still in flight (the context may force the routes before it
            // stops this consumer): expected, and one line per camera would bury the final report.
            LOG.debug("Camera {}: frame {} not routed while stopping: {}", cameraId, frame.sequence(),
                    cause.toString());
            return;
        }
        getExceptionHandler().handleException("Camera " + cameraId + ": route failed for frame " + frame.sequence(),
                exchange, cause);
    }
}
