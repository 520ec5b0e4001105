package dev.edgevideo.sink;

import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import dev.edgevideo.camera.CameraConstants;
import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CapturedFrame;
import dev.edgevideo.camera.UrlMasker;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Records what happened to every frame at every sink (published, or dropped with a reason) in the camera's
 * registry entry, and tells the operator, once per change for the whole service, when a sink goes away and when it
 * is back: every camera has its own breaker per sink, and each of them failing or recovering is not news.
 * <p>
 * A sink is back once it has published for {@link #RECOVERY_NANOS} without a failure in between: a broker that
 * flaps, or cameras whose breakers close one after the other, make one "back" line, not one per frame or camera.
 * A queue that exists with other arguments is not an outage: that camera's frames are refused, every other camera
 * publishes, so it is said once per camera with the fix, and its drops are counted.
 */
public class SinkOutcomes {

    /** Drop reason: the sink's circuit breaker is open, the frame was not even tried. */
    public static final String REASON_SINK_OPEN = "sink_open";
    /** Drop reason: the sink failed or timed out on this frame. */
    public static final String REASON_SINK_ERROR = "sink_error";
    /** Every drop reason a sink counts. */
    public static final List<String> REASONS = List.of(REASON_SINK_OPEN, REASON_SINK_ERROR);

    private static final Logger LOG = LoggerFactory.getLogger(SinkOutcomes.class);
    /** How long a sink that was away must publish without failing before it is announced back. */
    static final long RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long NOT_RECOVERING = Long.MIN_VALUE;

    /**
     * RabbitMQ's answer to declaring a queue that exists with other arguments, e.g. after a change of
     * {@code edgevideo.rabbitmq.queue.max-length}: {@code 406 PRECONDITION_FAILED - inequivalent arg 'x-max-length' for
     * queue 'edgevideo.frames.cam1' in vhost '/': received the value '50' ... but current is the value '100' ...}.
     * The broker is fine; that one queue needs the operator. Group 1: RabbitMQ's words for the mismatch, without the
     * AMQP frame around them; group 2: the queue.
     */
    private static final Pattern QUEUE_MISMATCH = Pattern.compile(
            "PRECONDITION_FAILED - (inequivalent arg '[^']+' for queue '([^']+)'[^,)]*)");

    private final Map<Sink, SinkState> states = new EnumMap<>(Sink.class);
    /** Cameras whose RabbitMQ queue was found declared with other arguments, each told once until it publishes. */
    private final Set<String> mismatchedQueues = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoClock;
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
        this(cameras, rabbitAddress, redisAddress, System::nanoTime);
    }

    SinkOutcomes(CameraRegistry cameras, String rabbitAddress, String redisAddress, LongSupplier nanoClock) {
        this.cameras = cameras;
        this.nanoClock = nanoClock;
        states.put(Sink.RABBITMQ, new SinkState(rabbitAddress));
        states.put(Sink.REDIS, new SinkState(redisAddress));
    }

    /** One sink's state, shared by every camera: whether it is available and what the operator was told of it. */
    private record SinkState(String address, AtomicBoolean available, AtomicBoolean announcedDown,
                             AtomicLong recoveringSince, LongAdder droppedWhileAway) {
        SinkState(String address) {
            this(address, new AtomicBoolean(true), new AtomicBoolean(), new AtomicLong(NOT_RECOVERING),
                    new LongAdder());
        }
    }

    /** Records that the sink confirmed the frame in the exchange. */
    public void published(Exchange exchange, Sink sink) {
        CapturedFrame frame = frame(exchange);
        cameras.sinkPublished(frame.cameraId(), sink.id());
        publishListeners.forEach(listener -> listener.published(frame.cameraId(), sink, frame.receivedEpochNanos()));
        SinkState state = states.get(sink);
        state.available().set(true);
        if (sink == Sink.RABBITMQ && !mismatchedQueues.isEmpty()) {
            mismatchedQueues.remove(frame.cameraId());
        }
        if (state.announcedDown().get()) {
            announceBackOnceSteady(sink, state);
        }
    }

    private void announceBackOnceSteady(Sink sink, SinkState state) {
        long now = nanoClock.getAsLong();
        AtomicLong since = state.recoveringSince();
        if (since.compareAndSet(NOT_RECOVERING, now)) {
            return;
        }
        long started = since.get();
        if (started != NOT_RECOVERING && now - started >= RECOVERY_NANOS
            && state.announcedDown().compareAndSet(true, false)) {
            since.set(NOT_RECOVERING);
            LOG.info("{} at {} is back: publishing frames again ({} frames were dropped while it was away)",
                    sink.displayName(), state.address(), state.droppedWhileAway().sumThenReset());
        }
    }

    /** Records that the frame in the exchange was not published to the sink; called from the fallback. */
    public void dropped(Exchange exchange, Sink sink) {
        // Camel marks every fallback as short-circuited; a frame that was tried carries the exception it failed
        // with, a frame the open breaker rejected carries none.
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? REASON_SINK_OPEN : REASON_SINK_ERROR;
        String cameraId = frame(exchange).cameraId();
        cameras.sinkDropped(cameraId, sink.id(), reason);
        Throwable root = cause == null ? null : NestedExceptionUtils.getMostSpecificCause(cause);
        Matcher mismatch = QUEUE_MISMATCH.matcher(root == null || root.getMessage() == null ? "" : root.getMessage());
        if (mismatch.find()) {
            if (mismatchedQueues.add(cameraId)) {
                LOG.warn("{} refuses the queue of camera {}: {}. Its frames are dropped (and counted) until the"
                         + " queue matches: delete it (rabbitmqctl delete_queue {}) so it is declared again, or set"
                         + " edgevideo.rabbitmq.queue.declare=false to use it as it is", sink.displayName(), cameraId,
                        mismatch.group(1), mismatch.group(2));
            }
            return;
        }
        SinkState state = states.get(sink);
        state.droppedWhileAway().increment();
        if (cause == null) {
            // Short-circuited by one camera's open breaker: that breaker opened on a failure already told.
            return;
        }
        state.available().set(false);
        state.recoveringSince().set(NOT_RECOVERING);
        if (state.announcedDown().compareAndSet(false, true)) {
            LOG.warn("{} at {} is unavailable ({}): frames are dropped until it is back; {}", sink.displayName(),
                    state.address(), describe(root), advice(sink, root));
        }
    }

    /** What the operator can do about the failure. */
    private static String advice(Sink sink, Throwable root) {
        if (root instanceof UnknownHostException) {
            return "check " + sink.id() + ".host: the host name does not resolve";
        }
        // The root of a refused certificate is the JDK's path or name check; of a plain-text answer, an SSLException.
        if (root instanceof SSLException || root instanceof CertificateException
            || root instanceof CertPathBuilderException || root instanceof CertPathValidatorException) {
            String tls = "edgevideo." + sink.id() + ".tls";
            return "the TLS handshake failed: check " + tls + ".ca-file (the CA that signed the broker's certificate),"
                   + " " + tls + ".verify-hostname (the certificate must name " + sink.id() + ".host) and "
                   + tls + ".enabled (the port must speak TLS)";
        }
        return "is it running? Start it with: " + sink.startHint();
    }

    /** Adds a listener told of every published frame (metrics measure latency with it). */
    public void onPublished(PublishListener listener) {
        publishListeners.add(listener);
    }

    /** Whether the last frame sent to the sink was published (or failed for one camera's queue only). */
    public boolean isAvailable(Sink sink) {
        return states.get(sink).available().get();
    }

    private static CapturedFrame frame(Exchange exchange) {
        return exchange.getMessage().getHeader(CameraConstants.FRAME, CapturedFrame.class);
    }

    private static String describe(Throwable root) {
        // A confirm or read that timed out has no message: "TimeoutException: null" told the operator nothing more.
        String name = root.getClass().getSimpleName();
        return UrlMasker.mask(root.getMessage() == null ? name : name + ": " + root.getMessage());
    }
}
