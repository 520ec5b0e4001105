package dev.edgevideo.camera;

/**
 * Why a frame slot the camera's rate asked for was filled by no frame: the books are
 * {@code slots wanted = captured + dropped{source} + dropped{decode} + dropped{behind}}.
 */
public enum SlotMiss {
    /** The source sent no frame for the slot in time: it sends fewer frames than the target, stalled or reconnected. */
    SOURCE("source"),
    /**
     * The source sent a frame for the slot, and the decode strategy had skipped it: the saving cost a frame.
     * {@link DecodeStrategy} stops a saving that does; it should stay at 0.
     */
    DECODE("decode"),
    /**
     * A file camera fell so far behind real time (a machine too busy to decode it in time) that it skipped ahead
     * rather than catch up in a burst: the slots of the time skipped. A live camera falling behind is late instead.
     */
    BEHIND("behind");

    private final String reason;

    SlotMiss(String reason) {
        this.reason = reason;
    }

    /**
     * Whether a {@code reason} of {@code edge_video_frames_dropped_total} counts slots no frame filled: those are
     * outside {@code captured = published + dropped} per sink, beside it in {@code wanted = captured + missed}.
     */
    public static boolean isSlotReason(String reason) {
        for (SlotMiss miss : values()) {
            if (miss.reason.equals(reason)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code reason} label of {@code edge_video_frames_dropped_total} and the API's {@code dropped} key. */
    public String reason() {
        return reason;
    }
}
