package dev.edgevideo.camera;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Everything about one camera, in one place: its status, its counters, its rates and its newest frame. The
 * {@link CameraRegistry} holds one per camera id, for as long as the camera is configured, across restarts of its
 * route (a YAML edit of its fps keeps the counters monotonic, as Prometheus counters need).
 * <p>
 * Writers: the camera's consumer (frames, state), its circuit breaker (through the consumer), and the sinks'
 * outcome recorder (through the registry, into {@link #sink(String)}). Everything else only reads: JMX, health,
 * meters, the API, the status page, events and reports. Counters are {@link LongAdder}s, one per
 * {@link CameraCounter}, written by the frame threads without locks.
 */
public final class CameraRuntime {

    /** Rates (fps, source fps, the shortfall) are measured over this window, the figure the API states with them. */
    public static final int RATE_WINDOW_SECONDS = 10;
    /** One rate sample a second, and the window spans the time between the oldest and the newest. */
    private static final int RATE_WINDOW_SAMPLES = RATE_WINDOW_SECONDS + 1;
    private static final int RECENT_SLOTS = 128;
    private static final int CHANGE_COST_SAMPLES = 256;
    /** A camera is short of its rate when its slots were filled at less than this share of the wanted rate. */
    private static final double SHORTFALL_SHARE = 0.95;
    /** Slots a window's count may be off by at its edges. */
    private static final double SLOT_ROUNDING = 1.5;

    private final String cameraId;
    private final Clock clock;
    private final CameraRegistry registry;
    private final AtomicReference<CameraStatus> status;
    /** Endpoints of this camera that are started: the entry goes once none is left (see the registry). */
    private final AtomicInteger endpoints = new AtomicInteger();

    private final Map<CameraCounter, LongAdder> counters = new EnumMap<>(CameraCounter.class);
    private final Map<CameraCounter, RateMeter> rates = new EnumMap<>(CameraCounter.class);
    /** The last slots filled, for spacing: the grab thread appends, readers copy, both under its lock. */
    private final Deque<SlotSample> recentSlots = new ArrayDeque<>(RECENT_SLOTS);
    /** When the last slot was filled ({@link System#nanoTime()}), 0 before the first since the consumer started. */
    private volatile long lastSlotFilledNanos;
    private final LongAdder encoded = new LongAdder();
    private final LongAdder encodedBytes = new LongAdder();
    /** Recent costs of the change detection, a ring the grab thread writes and readers take the median of. */
    private final AtomicLongArray changeCosts = new AtomicLongArray(CHANGE_COST_SAMPLES);
    private final AtomicLong changeCostCount = new AtomicLong();
    private final ConcurrentMap<String, SinkCounters> sinks = new ConcurrentHashMap<>();
    private final AtomicLong firstFrameEpochMillis = new AtomicLong();
    private final AtomicReference<CapturedFrame> latest = new AtomicReference<>();

    private volatile String routeId;
    private volatile String maskedUrl;
    private volatile double targetFps;
    private volatile double allowedFps;
    private volatile String sourceCodec;
    private volatile String decodeStrategy;
    private volatile PublishOn publishOn = PublishOn.every;
    private volatile boolean samplingOnArrival;

    CameraRuntime(String cameraId, Clock clock, CameraRegistry registry) {
        this.cameraId = cameraId;
        this.clock = clock;
        this.registry = registry;
        this.status = new AtomicReference<>(
                new CameraStatus(cameraId, CameraState.STOPPED, CircuitState.CLOSED, 0, null, clock.instant()));
        for (CameraCounter counter : CameraCounter.values()) {
            counters.put(counter, new LongAdder());
            rates.put(counter, new RateMeter(RATE_WINDOW_SAMPLES));
        }
    }

    public String cameraId() {
        return cameraId;
    }

    /** The camera's route: stop and start the camera by it; {@code null} before its consumer first started. */
    public String routeId() {
        return routeId;
    }

    public String maskedUrl() {
        return maskedUrl;
    }

    public double targetFps() {
        return targetFps;
    }

    /** The rate the camera samples at now: its target, or the memory governor's lower cap. */
    public double allowedFps() {
        return allowedFps;
    }

    void configure(String routeId, String maskedUrl, double targetFps, PublishOn publishOn) {
        this.routeId = routeId;
        this.maskedUrl = maskedUrl;
        this.targetFps = targetFps;
        this.allowedFps = targetFps;
        this.publishOn = publishOn;
        // Slots while the camera was stopped were not asked for.
        this.lastSlotFilledNanos = 0;
    }

    int endpoints() {
        return endpoints.get();
    }

    void attachEndpoint() {
        endpoints.incrementAndGet();
    }

    int detachEndpoint() {
        return endpoints.decrementAndGet();
    }

    public CameraStatus status() {
        return status.get();
    }

    /**
     * Replaces the status when anything in it changed, and tells the registry's listeners once. The last error
     * goes with the failures: a camera with no failures has no error to show.
     */
    void updateStatus(CameraState state, CircuitState circuit, int consecutiveFailures, String lastError) {
        String error = consecutiveFailures == 0 ? null : lastError;
        CameraStatus previous;
        CameraStatus next;
        do {
            previous = status.get();
            if (previous.sameAs(state, circuit, consecutiveFailures, error)) {
                return;
            }
            next = new CameraStatus(cameraId, state, circuit, consecutiveFailures, error, clock.instant());
        } while (!status.compareAndSet(previous, next));
        registry.statusChanged(this, previous, next);
    }

    void updateState(CameraState state) {
        CameraStatus current = status.get();
        updateStatus(state, current.circuit(), current.consecutiveFailures(), current.lastError());
    }

    void increment(CameraCounter counter) {
        counters.get(counter).increment();
    }

    void add(CameraCounter counter, long count) {
        if (count > 0) {
            counters.get(counter).add(count);
        }
    }

    /** A picture filled the slot due at {@code slotMicros} (sampling clock); it is at {@code frameMicros}. */
    void slotFilled(long slotMicros, long frameMicros) {
        increment(CameraCounter.CAPTURED);
        lastSlotFilledNanos = System.nanoTime();
        synchronized (recentSlots) {
            if (recentSlots.size() == RECENT_SLOTS) {
                recentSlots.removeFirst();
            }
            recentSlots.addLast(new SlotSample(slotMicros, frameMicros));
        }
    }

    /**
     * Slots the memory governor's cap left unfilled (keyframes only was enough for the capped rate): captured and
     * throttled, as a frame sampled and then held back by the cap is, so the books stay
     * {@code wanted = captured + missed} and {@code captured = delivered + stale + throttled + unchanged}.
     */
    void slotsThrottled(long slots) {
        add(CameraCounter.CAPTURED, slots);
        add(CameraCounter.THROTTLED, slots);
    }

    long lastSlotFilledNanos() {
        return lastSlotFilledNanos;
    }

    void frameEncoded(CapturedFrame frame) {
        encoded.increment();
        encodedBytes.add(frame.jpeg().length);
        firstFrameEpochMillis.compareAndSet(0, frame.receivedEpochMillis());
        latest.set(frame);
    }

    void changeCost(long nanos) {
        long n = changeCostCount.getAndIncrement();
        changeCosts.set((int) (n % CHANGE_COST_SAMPLES), nanos);
    }

    /** The memory governor's answer for this camera's next sample, counting each episode below target once. */
    void allowed(double fps, boolean paused) {
        double previous = allowedFps;
        allowedFps = fps;
        if (fps < targetFps && previous >= targetFps) {
            increment(CameraCounter.THROTTLE_EPISODES);
        }
        if (paused && status.get().state() != CameraState.PAUSED) {
            increment(CameraCounter.PAUSES);
        }
    }

    void sourceCodec(String codec) {
        sourceCodec = codec;
    }

    void decodeStrategy(String strategy) {
        this.decodeStrategy = strategy;
    }

    void samplingOnArrival(boolean samplingOnArrival) {
        this.samplingOnArrival = samplingOnArrival;
    }

    /** Takes one sample of every counter for the rates; the registry calls it every second. */
    void sampleRates(long nowNanos) {
        rates.forEach((counter, rate) -> rate.sample(count(counter), nowNanos));
    }

    /**
     * The counter's increase per second over the last {@value #RATE_WINDOW_SECONDS} s. {@link CameraCounter#DELIVERED}
     * is the camera's rate, as the API's {@code fps}, the status page and {@code edge_video_camera_fps} all show it.
     */
    public double rate(CameraCounter counter) {
        return rates.get(counter).perSecond();
    }

    /**
     * Whether the camera is short of the rate it wants (its target, or the memory governor's lower cap), streaming
     * for longer than the rate window: more than 5 % of the window's slots were booked missed, or fewer than
     * {@value #SHORTFALL_SHARE} of the wanted slots were filled (decoding that falls behind a paced file books no
     * miss). The second test allows one and a half slots of window-edge rounding: at 0.5 fps a 10 s window holds five.
     * Frames dropped on purpose (unchanged, throttled) count as filled: they were there to take.
     */
    public boolean isSourceShortfall() {
        CameraStatus current = status.get();
        double wanted = Math.min(targetFps, allowedFps);
        if (current.state() != CameraState.STREAMING || wanted <= 0
            || !current.since().plusSeconds(RATE_WINDOW_SECONDS).isBefore(clock.instant())) {
            return false;
        }
        double filled = rate(CameraCounter.CAPTURED) * RATE_WINDOW_SECONDS;
        double missed = missRate() * RATE_WINDOW_SECONDS;
        double wantedSlots = wanted * RATE_WINDOW_SECONDS;
        return missed >= 1 && missed > (filled + missed) * (1 - SHORTFALL_SHARE)
               || filled < wantedSlots - Math.max(wantedSlots * (1 - SHORTFALL_SHARE), SLOT_ROUNDING);
    }

    /**
     * Why the camera fills fewer slots than its rate asks for, naming the cause the service can see; {@code null}
     * without a shortfall.
     */
    public String sourceShortfallReason() {
        if (!isSourceShortfall()) {
            return null;
        }
        double wanted = Math.min(targetFps, allowedFps);
        double source = rate(CameraCounter.SOURCE_FRAMES);
        String sends = String.format(Locale.ROOT, "the source sends %.1f frames per second", source);
        String target = formatFps(wanted) + " fps target";
        if (source < wanted * SHORTFALL_SHARE) {
            return sends + ", fewer than the " + target + ": lower fps or raise the camera's own frame rate";
        }
        if (rate(CameraCounter.MISSED_DECODE) > 0) {
            return sends + ", but the decode strategy (" + decodeStrategy + ") skipped frames the " + target
                   + " needed: set decodeMode=ALL for this camera";
        }
        if (missRate() > 0) {
            return sends + String.format(Locale.ROOT, ", but left %.0f of the last %d s's slots at %s fps without a"
                                                      + " frame: it stalls or sends its frames unevenly (check the"
                                                      + " network and the camera's load)",
                    missRate() * RATE_WINDOW_SECONDS, RATE_WINDOW_SECONDS, formatFps(wanted));
        }
        return sends + String.format(Locale.ROOT, ", but only %.1f reached the %s's slots: decoding falls behind"
                                                  + " (CPU); lower fps or maxWidth, or give the service more cores",
                rate(CameraCounter.CAPTURED), target);
    }

    /** Slots per second the source or the decode strategy left empty. */
    private double missRate() {
        return rate(CameraCounter.MISSED_SOURCE) + rate(CameraCounter.MISSED_DECODE);
    }

    private static String formatFps(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

    /** Whether sampling follows the frames' arrival time: the stream's timestamps did not track real time. */
    public boolean isSamplingOnArrival() {
        return samplingOnArrival;
    }

    /** The counter's value: monotonic for as long as the camera is configured. */
    public long count(CameraCounter counter) {
        return counters.get(counter).sum();
    }

    /** The last slots filled, oldest first (up to {@value #RECENT_SLOTS}): how evenly the frames were spaced. */
    public List<SlotSample> recentSlots() {
        synchronized (recentSlots) {
            return List.copyOf(recentSlots);
        }
    }

    /** Average JPEG size so far, 0 before the first frame. */
    public long averageFrameBytes() {
        long frames = encoded.sum();
        return frames == 0 ? 0 : encodedBytes.sum() / frames;
    }

    /** Share of the captured frames skipped as unchanged, 0 to 1; 0 before the first frame. */
    public double unchangedShare() {
        long frames = count(CameraCounter.CAPTURED);
        return frames == 0 ? 0 : (double) count(CameraCounter.UNCHANGED) / frames;
    }

    public PublishOn publishOn() {
        return publishOn;
    }

    /**
     * Median cost of the change detection (thumbnail and score) over the last frames, in nanoseconds; NaN before
     * the first decoded picture.
     */
    public double changeCostNanos() {
        int n = (int) Math.min(changeCostCount.get(), CHANGE_COST_SAMPLES);
        if (n == 0) {
            return Double.NaN;
        }
        long[] costs = IntStream.range(0, n).mapToLong(changeCosts::get).sorted().toArray();
        return n % 2 == 1 ? costs[n / 2] : (costs[n / 2 - 1] + costs[n / 2]) / 2.0;
    }

    /** Capture time of the camera's first frame, epoch ms; 0 before it. */
    public long firstFrameEpochMillis() {
        return firstFrameEpochMillis.get();
    }

    /** Capture time of the newest frame, epoch ms; 0 before the first frame. */
    public long lastFrameEpochMillis() {
        CapturedFrame frame = latest.get();
        return frame == null ? 0 : frame.receivedEpochMillis();
    }

    /** Seconds since the newest frame, {@code NaN} before the first. */
    public double lastFrameAgeSeconds() {
        long last = lastFrameEpochMillis();
        return last == 0 ? Double.NaN : (clock.millis() - last) / 1000.0;
    }

    /** FFmpeg's name of the source codec; {@code null} before the first session opened. */
    public String sourceCodec() {
        return sourceCodec;
    }

    public boolean isKeyFramesOnly() {
        return "keyframes".equals(decodeStrategy);
    }

    /** What the camera decodes now, as {@link DecodeStrategy.Kind#label()}; {@code null} before it first decoded. */
    public String decodeStrategy() {
        return decodeStrategy;
    }

    /** Whose clock the newest frame's timestamp is on; {@code null} before the first frame. */
    public TimestampSource timestampSource() {
        CapturedFrame frame = latest.get();
        return frame == null ? null : frame.timestampSource();
    }

    /**
     * Our receive time minus the sender's time of the newest frame, in seconds: how far the camera's clock is behind
     * ours plus the network and decoding delay. NaN before the first frame and while frames are on our clock.
     */
    public double clockOffsetSeconds() {
        CapturedFrame frame = latest.get();
        return frame == null || frame.timestampSource() != TimestampSource.SENDER ? Double.NaN
                : frame.clockOffsetNanos() / 1e9;
    }

    /** The newest captured frame, kept for snapshots; {@code null} before the first frame. */
    public CapturedFrame latestFrame() {
        return latest.get();
    }

    /**
     * What happened to this camera's frames at one sink. Created on first use; the sinks' outcome recorder writes
     * it through {@link CameraRegistry#sinkPublished} and {@link CameraRegistry#sinkDropped}, readers see zero for a
     * sink that has seen no frame.
     */
    public SinkCounters sink(String sinkId) {
        return sinks.computeIfAbsent(sinkId, id -> new SinkCounters());
    }

    /**
     * One filled slot: its ideal time and the time of the frame that filled it, on the camera's sampling clock
     * (the stream's timestamps, or arrival time when they do not track real time), in microseconds.
     */
    public record SlotSample(long slotMicros, long frameMicros) {
    }

    @Override
    public String toString() {
        return "CameraRuntime[" + cameraId + ", " + status.get().state() + "]";
    }

    /** Published and dropped frames of one camera at one sink, drops by reason. */
    public static final class SinkCounters {

        private final LongAdder published = new LongAdder();
        private final ConcurrentMap<String, LongAdder> dropped = new ConcurrentHashMap<>();

        void published() {
            published.increment();
        }

        void dropped(String reason) {
            dropped.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }

        public long publishedCount() {
            return published.sum();
        }

        public long droppedCount(String reason) {
            LongAdder adder = dropped.get(reason);
            return adder == null ? 0 : adder.sum();
        }
    }
}
