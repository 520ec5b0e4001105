package dev.edgevideo.camera;

import java.util.Arrays;

/**
 * Every counter of a camera, once: its JMX attribute, its Prometheus meter and its key in the API's JSON. The
 * {@link CameraRuntime} keeps one adder per constant, and JMX, the meters, the API, the page and the reports iterate
 * the constants, so a counter added here shows everywhere and no reader picks its own subset.
 * <p>
 * The books: {@code slots wanted = captured + missed} (the {@link Kind#MISSED} counters) and, per sink,
 * {@code captured = published + dropped} (the {@link Kind#DROPPED} counters and the sink's own drop reasons).
 */
public enum CameraCounter {

    SOURCE_FRAMES(Kind.FRAMES, "source", "SourceFrames", "edge_video_frames_source",
            "Video frames the source sent, decoded or not"),
    DECODED(Kind.FRAMES, "decoded", "FramesDecoded", "edge_video_frames_decoded",
            "Frames decoded from the source, before sampling"),
    /** Each is then delivered to the route, or dropped as throttled, unchanged or stale. */
    CAPTURED(Kind.FRAMES, "captured", "FramesCaptured", "edge_video_frames_captured",
            "Frames captured: sampling slots at the camera's own rate that a frame filled"),
    DELIVERED(Kind.FRAMES, "delivered", "FramesDelivered", "edge_video_frames_delivered",
            "Frames the camera's route took and processed"),
    MISSED_SOURCE(Kind.MISSED, "source", "SourceMissedSlots", "Frame slots the source filled with no frame in time"),
    /** {@link DecodeStrategy} stops a saving that cost a frame. */
    MISSED_DECODE(Kind.MISSED, "decode", "DecodeMissedSlots",
            "Frame slots whose frame the decode strategy had skipped (should stay 0)"),
    /** Skipped ahead rather than caught up in a burst; a live camera falling behind is late instead. */
    MISSED_BEHIND(Kind.MISSED, "behind", "BehindMissedSlots",
            "Frame slots a file camera skipped when it fell behind real time"),
    STALE(Kind.DROPPED, "stale", "FramesStale", "Frames replaced by a newer one before the route took them"),
    /** Includes the slots keyframes-only decoding left empty under the cap: the cap did not want them either. */
    THROTTLED(Kind.DROPPED, "throttled", "FramesThrottled", "Frames skipped by the memory governor's rate cap"),
    UNCHANGED(Kind.DROPPED, "unchanged", "FramesUnchanged",
            "Frames not published because the picture had not changed (publishOn=change)"),
    RECONNECTS(Kind.EVENTS, "reconnects", "Reconnects", "edge_video_camera_reconnects",
            "Sessions that failed, stalled or ended and were reopened"),
    /** Staying slowed does not count again. */
    THROTTLE_EPISODES(Kind.EVENTS, "throttle_episodes", "ThrottleEpisodes", "edge_video_camera_throttled",
            "Times the camera was slowed below its own frame rate by the memory governor"),
    PAUSES(Kind.EVENTS, "pauses", "Pauses", "edge_video_camera_paused",
            "Times the camera was paused by the memory governor"),
    FROZEN_EPISODES(Kind.EVENTS, "frozen_episodes", "FrozenEpisodes", "edge_video_camera_frozen",
            "Times the camera's picture stayed identical for frozenAfter while frames arrived (state FROZEN)");

    /** The meter of every drop, tagged with the sink and the reason. */
    public static final String DROPPED_METRIC = "edge_video_frames_dropped";

    /** What a counter counts, and so where it shows. */
    public enum Kind {
        /** Frames at one stage of the pipeline: the API's {@code frames.<key>}, meter of its own. */
        FRAMES,
        /**
         * Slots no frame filled, outside {@code captured}: the API's {@code dropped.<key>}, and for every sink
         * {@value CameraCounter#DROPPED_METRIC}{@code {reason=<key>}}.
         */
        MISSED,
        /** Frames captured and not published, for every sink: shown as {@link #MISSED} is. */
        DROPPED,
        /** Things that happened to the camera: the API's top-level {@code <key>}, meter of its own. */
        EVENTS;

        /** Whether the counter is a reason of {@value CameraCounter#DROPPED_METRIC}, shown under {@code dropped}. */
        public boolean isDrop() {
            return this == MISSED || this == DROPPED;
        }
    }

    private final Kind kind;
    private final String key;
    private final String jmxName;
    private final String metric;
    private final String description;

    CameraCounter(Kind kind, String key, String jmxName, String description) {
        this(kind, key, jmxName, DROPPED_METRIC, description);
    }

    CameraCounter(Kind kind, String key, String jmxName, String metric, String description) {
        this.kind = kind;
        this.key = key;
        this.jmxName = jmxName;
        this.metric = metric;
        this.description = description;
    }

    /**
     * Whether a {@code reason} of {@value #DROPPED_METRIC} counts slots no frame filled: those are outside
     * {@code captured = published + dropped} per sink, beside it in {@code wanted = captured + missed}.
     */
    public static boolean isSlotReason(String reason) {
        return Arrays.stream(values()).anyMatch(counter -> counter.kind == Kind.MISSED && counter.key.equals(reason));
    }

    public Kind kind() {
        return kind;
    }

    /** The key in the API's JSON (snake_case), and for drops the {@code reason} tag of the meter. */
    public String key() {
        return key;
    }

    public String jmxName() {
        return jmxName;
    }

    /** The Micrometer name, scraped with {@code _total}; for drops {@value #DROPPED_METRIC}. */
    public String metric() {
        return metric;
    }

    public String description() {
        return description;
    }
}
