package dev.edgevideo.camera;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.edgevideo.camera.ffmpeg.CaptureException;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction;
import dev.edgevideo.camera.ffmpeg.LumaThumbnail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One FFmpeg session of one camera, from open to end: which packets are decoded ({@link DecodeStrategy}), which
 * pictures fill the camera's frame slots ({@link SlotSampler}) and the books of the slots nothing filled, the
 * memory governor's cap, the change gate, the frozen watch and the sender clock. Everything here starts afresh
 * with each session, so nothing needs resetting; the {@link CameraConsumer} around it keeps the threads, the
 * reconnects and the delivery to the route. Runs on the camera's grab thread only.
 */
final class CaptureSession {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureSession.class);
    /** A change back to what was decoded before, sooner than this after the last change, is a flap. */
    private static final long DECODING_FLAP_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Per-frame details are logged at DEBUG once in this many frames, never per frame. */
    private static final long LOG_SAMPLE_EVERY = 500;

    private final CameraEndpoint endpoint;
    private final String cameraId;
    private final CameraRuntime runtime;
    private final FfmpegCapture capture;
    private final CameraCircuitBreaker breaker;
    private final FrameMailbox<CapturedFrame> mailbox;
    private final AtomicLong sequence;
    private final Clock clock;
    private final FrameRateCap rateCap;
    private final double fps;
    private final long slotInterval;
    private final SlotSampler slots;
    private final SlotSampler capSlots;
    private final SamplingClock samplingClock;
    private final RealTimePacer pacer;
    private final StreamWatchdog watchdog;
    private final DecodeStrategy strategy;
    private final ChangeGate changeGate;
    private final FrozenDetector frozenDetector;
    private double allowed;
    private boolean frozen;
    /** Whether this session's frames are on the sender's clock yet (an RTCP sender report came). */
    private boolean onSenderClock;
    private DecodeStrategy.Kind decoding;
    private DecodeStrategy.Kind decodingBefore;
    private long decodingChangedNanos;
    private final SessionGap gap;
    /** Time a paced file skipped, not yet booked as a whole slot. */
    private long behindMicros;

    CaptureSession(CameraEndpoint endpoint, CameraRuntime runtime, FfmpegCapture capture, CameraCircuitBreaker breaker,
                   FrameMailbox<CapturedFrame> mailbox, AtomicLong sequence, Clock clock) {
        this.gap = new SessionGap(runtime.lastSlotFilledNanos());
        this.endpoint = endpoint;
        this.cameraId = endpoint.getCameraId();
        this.runtime = runtime;
        this.capture = capture;
        this.breaker = breaker;
        this.mailbox = mailbox;
        this.sequence = sequence;
        this.clock = clock;
        this.rateCap = Objects.requireNonNullElse(endpoint.getComponent().getFrameRateCap(), FrameRateCap.NONE);
        this.fps = endpoint.getFps();
        this.allowed = fps;
        this.slotInterval = SlotSampler.intervalMicros(fps);
        this.slots = new SlotSampler(capture.frameDurationMicros());
        this.capSlots = new SlotSampler(capture.frameDurationMicros());
        boolean file = endpoint.captureSettings().isFile();
        this.pacer = file ? new RealTimePacer() : null;
        this.samplingClock = capture.timestampsMadeUp() ? SamplingClock.onArrival() : new SamplingClock(file);
        this.watchdog = new StreamWatchdog(endpoint.captureSettings().readTimeout(), capture.declaredFrameRate(),
                System.nanoTime());
        this.strategy = new DecodeStrategy(endpoint.getDecodeMode(), fps, this::nextSampleMicros,
                this::earliestKeptMicros, capture::reordersPictures, () -> !samplingClock.isArrival(),
                endpoint.captureSettings().mayLosePackets());
        this.changeGate = new ChangeGate(endpoint.getPublishOn(), endpoint.getChangeThreshold(),
                endpoint.getHeartbeat());
        this.frozenDetector = new FrozenDetector(endpoint.getFrozenAfter());
    }

    /**
     * Streams until the source ends (a file without {@code loop}), fails (a {@link CaptureException}: the consumer
     * reconnects) or {@code running} turns false.
     */
    void run(BooleanSupplier running) throws CaptureException, InterruptedException {
        try {
            stream(running);
        } finally {
            runtime.add(CameraCounter.MISSED_SOURCE, gap.onEnd(slotInterval));
        }
    }

    private void stream(BooleanSupplier running) throws CaptureException, InterruptedException {
        runtime.sourceCodec(capture.codecName());
        runtime.samplingOnArrival(samplingClock.isArrival());
        if (samplingClock.isArrival()) {
            LOG.info("Camera {}: the source's timestamps are made up by the demuxer (MJPEG over HTTP carries none):"
                     + " sampling on arrival time", cameraId);
        }
        boolean firstFrame = true;
        while (running.getAsBoolean()) {
            if (!capture.next(this::onPacket)) {
                if (endpoint.isLoop() && endpoint.captureSettings().isFile()) {
                    capture.rewind();
                    continue;
                }
                return;
            }
            runtime.increment(CameraCounter.DECODED);
            strategy.onPicture(capture.keyFrame(), capture.intraPicture(), capture.corruptPicture());
            breaker.onFrame();
            if (firstFrame) {
                firstFrame = false;
                publishStatus(runtime, CameraState.STREAMING, breaker);
                LOG.info("Camera {} streaming {} from {}{}", cameraId, capture.codecName(), endpoint.getMaskedUrl(),
                        capture.isPassthrough() ? " (MJPEG passed through, no re-encoding)" : "");
            } else if (breaker.state() != runtime.status().circuit()) {
                publishStatus(runtime, runtime.status().state(), breaker);
            }
            if (pacer != null) {
                pace();
            }
            sample(samplingTime(capture.timestampMicros()));
            if (!capture.isPassthrough()) {
                tellDecodingChange();
            }
        }
    }

    /**
     * Holds a file to real time; the time it gave up when too far behind is booked in whole slots, the rest carried
     * over, so several small skips add up.
     */
    private void pace() throws InterruptedException {
        behindMicros += pacer.awaitStreamTime(capture.timestampMicros());
        long slotsBehind = behindMicros / slotInterval;
        behindMicros -= slotsBehind * slotInterval;
        runtime.add(CameraCounter.MISSED_BEHIND, slotsBehind);
    }

    /** Every video packet the source sends: counted, watched for stalls and floods, and decoded or not. */
    private PacketAction onPacket(long streamMicros, boolean keyFrame) throws CaptureException {
        runtime.increment(CameraCounter.SOURCE_FRAMES);
        watchdog.onFrame(System.nanoTime());
        return strategy.onPacket(streamMicros, keyFrame);
    }

    /** Fills the picture's slot, or not; counts the slots before it that nothing filled, and whose fault that was. */
    private void sample(long time) throws CaptureException {
        long missed = slots.offer(time, slotInterval);
        if (missed == SlotSampler.NOT_TAKEN) {
            return;
        }
        if (missed > 0) {
            accountMissed(missed);
        }
        runtime.add(CameraCounter.MISSED_SOURCE, gap.onSlot(time, System.nanoTime(), slotInterval));
        runtime.slotFilled(slots.lastSlotMicros(), time);
        allowed = rateCap.allowedFps(fps);
        boolean paused = rateCap.isPaused();
        runtime.allowed(allowed, paused);
        strategy.wanted(Math.min(fps, allowed));
        publishStatus(runtime, paused ? CameraState.PAUSED : frozen ? CameraState.FROZEN : CameraState.STREAMING,
                breaker);
        if (allowed < fps && capSlots.offer(time, SlotSampler.intervalMicros(allowed)) == SlotSampler.NOT_TAKEN) {
            runtime.increment(CameraCounter.THROTTLED);
        } else {
            handOver();
        }
    }

    /**
     * Books slots no picture filled. The source's fault when it sent nothing for them; when packets for them were
     * skipped, the governor's (its cap made keyframes only enough: throttled, as a sampled frame over the cap is) or
     * else the decode strategy's.
     */
    private void accountMissed(long missed) {
        long firstMissed = slots.lastSlotMicros() - missed * slotInterval;
        if (!strategy.skippedSince(firstMissed)) {
            runtime.add(CameraCounter.MISSED_SOURCE, missed);
        } else if (allowed < fps) {
            runtime.slotsThrottled(missed);
        } else {
            runtime.add(CameraCounter.MISSED_DECODE, missed);
        }
    }

    /** When the next frame will be kept: the next slot, or the governor's next one when it caps the camera. */
    private long nextSampleMicros() {
        long next = slots.nextSlotMicros();
        return allowed < fps ? Math.max(next, capSlots.nextSlotMicros()) : next;
    }

    /**
     * The earliest time of a picture that can be the next frame kept, less one source frame: a picture's time can
     * differ from its packet's by that much where the session clock bridges a jump in the stream's.
     */
    private long earliestKeptMicros() {
        long earliest = slots.earliestTakenMicros(slotInterval);
        if (allowed < fps) {
            earliest = Math.max(earliest, capSlots.earliestTakenMicros(SlotSampler.intervalMicros(allowed)));
        }
        return earliest == Long.MIN_VALUE ? earliest : earliest - capture.frameDurationMicros();
    }

    private void tellDecodingChange() {
        DecodeStrategy.Kind now = strategy.kind();
        if (now == decoding) {
            return;
        }
        // A scene-cut encoder's GOPs look regular for a few keyframes now and then, and the strategy follows them
        // back and forth: a change back within a minute goes to DEBUG (the API always says what it is now).
        long nowNanos = System.nanoTime();
        boolean flap = now == decodingBefore && nowNanos - decodingChangedNanos < DECODING_FLAP_NANOS;
        decodingBefore = decoding;
        decoding = now;
        decodingChangedNanos = nowNanos;
        runtime.decodeStrategy(now.label());
        String why = strategy.whyNoGopSaving();
        LOG.atLevel(flap ? Level.DEBUG : Level.INFO).log("Camera {} now decodes {} ({} fps wanted, {} keyframes per"
                                                         + " second{})", cameraId, switch (now) {
            case KEYFRAMES -> "keyframes only";
            case GOP_TAIL -> "every frame up to the last sample of each GOP";
            case REFERENCES -> "every reference frame, and every frame near a sample";
            case ALL -> "every frame";
        }, Math.min(fps, allowed), String.format(Locale.ROOT, "%.2f", strategy.keyframeRate()),
                why == null ? "" : ": " + why);
    }

    /** The time the frame is sampled at; tells once when the stream clock was found wrong. */
    private long samplingTime(long streamMicros) {
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

    private void handOver() throws CaptureException {
        long timestamp = capture.timestampMicros();
        long started = System.nanoTime();
        LumaThumbnail thumbnail = capture.thumbnail();
        double changeScore = changeGate.score(thumbnail);
        boolean publish = changeGate.publishes(changeScore, timestamp);
        if (thumbnail != null) {
            runtime.changeCost(System.nanoTime() - started);
            watchFrozen(thumbnail, timestamp);
        }
        if (!publish) {
            runtime.increment(CameraCounter.UNCHANGED);
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
            runtime.increment(CameraCounter.STALE);
        }
        if (frame.sequence() % LOG_SAMPLE_EVERY == 0 && LOG.isDebugEnabled()) {
            LOG.debug("Camera {} frame {}: {}x{} {} bytes, {} stale so far", cameraId, frame.sequence(),
                    frame.width(), frame.height(), frame.jpeg().length, runtime.count(CameraCounter.STALE));
        }
    }

    /**
     * FROZEN on the sample that completes {@code frozenAfter} of identical pictures, STREAMING again on the first
     * changed one; with {@code frozenReconnect} the session is reopened instead of staying frozen.
     */
    private void watchFrozen(LumaThumbnail thumbnail, long timestamp) throws CaptureException {
        boolean nowFrozen = frozenDetector.observe(thumbnail.rowsHash(), timestamp);
        if (nowFrozen == frozen) {
            return;
        }
        frozen = nowFrozen;
        if (nowFrozen) {
            runtime.increment(CameraCounter.FROZEN_EPISODES);
            LOG.warn("Camera {} is FROZEN: the same picture for {} ms while frames keep arriving", cameraId,
                    endpoint.getFrozenAfter());
            publishStatus(runtime, CameraState.FROZEN, breaker);
            if (endpoint.isFrozenReconnect()) {
                throw new CaptureException("picture frozen for " + endpoint.getFrozenAfter() + " ms; reconnecting");
            }
        } else {
            LOG.info("Camera {} picture changed: no longer frozen", cameraId);
            publishStatus(runtime, CameraState.STREAMING, breaker);
        }
    }

    /** The camera's status as the consumer and its breaker see it; the registry tells listeners of real changes. */
    static void publishStatus(CameraRuntime runtime, CameraState state, CameraCircuitBreaker breaker) {
        CameraState previous = runtime.status().state();
        runtime.updateStatus(state, breaker.state(), breaker.consecutiveFailures(), breaker.lastError());
        if (previous != state) {
            LOG.debug("Camera {} {} -> {}", runtime.cameraId(), previous, state);
        }
    }
}
