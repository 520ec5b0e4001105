package dev.edgevideo.camera;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketGate;

/**
 * Decides, packet by packet, which frames of one session are decoded. {@link DecodeMode#AUTO} makes three savings,
 * each only where the stream shows it is safe, so a saving never costs a wanted frame:
 * <ul>
 * <li><b>keyframes only</b> when the wanted rate is at most the keyframe rate: needs a regular GOP (so every slot
 * has a keyframe), keyframes that are I-frames (a recovery point of a stream with periodic intra refresh is not a
 * whole picture) and timestamps on the packets. B-frames and open GOPs do not matter: a keyframe is decoded on its
 * own ({@link PacketAction#DECODE_ALONE}).</li>
 * <li><b>the tail of each GOP</b> after its last sample: needs all of the above and packets in presentation order
 * (no B-frames): with B-frames, the pictures just before a keyframe are decoded after it, and the time of a packet
 * does not say which frames it is needed for.</li>
 * <li>otherwise <b>the pictures no other refers to</b> (disposable B-frames) between samples: a packet whose own
 * presentation time is before the earliest picture that can fill the next sample is decoded only if it is a
 * reference ({@link PacketAction#DECODE_IF_REFERENCED}). Needs timestamps on the packets and the sampling clock to
 * be the stream's, nothing about the GOP: the pictures after a dropped one never needed it.</li>
 * </ul>
 * A tail skip that met a wanted frame before the keyframe (the GOP grew) is not tried again in this session.
 * Every saving needs the sampling clock to be the stream's: the slots and the packets are then on one clock.
 * Not thread-safe: one per session, on the grab thread.
 */
final class DecodeStrategy implements PacketGate {

    enum Kind {
        ALL, KEYFRAMES, GOP_TAIL, REFERENCES;

        /** The name the API, JMX and logs use: all, keyframes, gop-tail, references. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Share by which the wanted rate may exceed the measured keyframe rate and still count as "at most": a 29.97 fps
     * stream with a 30-frame GOP has 0.999 keyframes a second, and at 1 fps keyframes only should still hold.
     */
    private static final double KEYFRAME_RATE_TOLERANCE = 1.05;
    /**
     * Packets that must carry timestamps since the last one without before any saving is made. A raw elementary
     * stream has none at all; an RTSP session's first packet often has none (it comes before the first RTP timestamp
     * is mapped), and that alone must not cost a live camera every saving for good.
     */
    private static final int TIMED_PACKETS_NEEDED = 100;
    /** A packet this much earlier than the one before it is B-frame reordering; more is a clock reset. */
    private static final long REORDER_WINDOW_MICROS = 1_000_000;

    private final DecodeMode mode;
    private final KeyframeRate keyframes = new KeyframeRate();
    private final LongSupplier nextSampleMicros;
    private final LongSupplier earliestKeptMicros;
    private final BooleanSupplier decoderReorders;
    private final BooleanSupplier onStreamClock;
    private final boolean packetsMayBeLost;
    private double wantedFps;
    private boolean reordered;
    /** Packets with a timestamp since the last one without; {@link #TIMED_PACKETS_NEEDED} once enough. */
    private int timedPackets = TIMED_PACKETS_NEEDED;
    /** Whether a decoded keyframe showed it is an I-frame; none decoded yet counts as no. */
    private boolean keyframesIntra;
    private boolean keyframeNotIntra;
    private boolean tailSkipFailed;
    private boolean awaitingKeyframe;
    private boolean resumedFromTail;
    private long lastPacketMicros = Long.MIN_VALUE;
    private long lastSkippedMicros = Long.MIN_VALUE;

    /**
     * @param nextSampleMicros   when the next frame will be kept, on the sampling clock
     * @param earliestKeptMicros the earliest time of a picture that can be the next frame kept (with a margin);
     *                           {@link Long#MIN_VALUE} while unknown
     * @param decoderReorders    whether the decoder holds pictures back for B-frames (the stream's headers say so)
     * @param onStreamClock      whether sampling follows the stream's timestamps
     * @param packetsMayBeLost   whether the source can lose packets (RTSP over UDP): a lost keyframe would cost every
     *                           wanted frame until the next, so neither keyframes only nor a GOP-tail skip is made
     */
    DecodeStrategy(DecodeMode mode, double wantedFps, LongSupplier nextSampleMicros, LongSupplier earliestKeptMicros,
                   BooleanSupplier decoderReorders, BooleanSupplier onStreamClock, boolean packetsMayBeLost) {
        this.mode = mode;
        this.wantedFps = wantedFps;
        this.nextSampleMicros = nextSampleMicros;
        this.earliestKeptMicros = earliestKeptMicros;
        this.decoderReorders = decoderReorders;
        this.onStreamClock = onStreamClock;
        this.packetsMayBeLost = packetsMayBeLost;
    }

    /** The rate frames are kept at now: the camera's fps, or the memory governor's lower cap. */
    void wanted(double fps) {
        wantedFps = fps;
    }

    @Override
    public PacketAction onPacket(long streamMicros, boolean keyFrame) {
        observe(streamMicros, keyFrame);
        Kind kind = kind();
        if (keyFrame) {
            resumedFromTail = awaitingKeyframe && kind == Kind.GOP_TAIL;
            awaitingKeyframe = false;
            return kind == Kind.KEYFRAMES ? PacketAction.DECODE_ALONE : PacketAction.DECODE;
        }
        if (awaitingKeyframe) {
            long nextSample = nextSampleMicros.getAsLong();
            if (kind == Kind.GOP_TAIL && nextSample != Long.MIN_VALUE && streamMicros >= nextSample) {
                // The keyframe the GOP promised did not come before a wanted frame: that frame is lost.
                tailSkipFailed = true;
            }
            return skip(streamMicros);
        }
        if (kind == Kind.KEYFRAMES || kind == Kind.GOP_TAIL && restOfGopUnwanted()) {
            return skip(streamMicros);
        }
        return kind == Kind.REFERENCES && beforeNextSample(streamMicros) ? PacketAction.DECODE_IF_REFERENCED
                : PacketAction.DECODE;
    }

    /** Whether a picture at this time cannot be the next frame kept. */
    private boolean beforeNextSample(long streamMicros) {
        long earliest = earliestKeptMicros.getAsLong();
        return streamMicros != Long.MIN_VALUE && earliest != Long.MIN_VALUE && streamMicros < earliest;
    }

    private void observe(long streamMicros, boolean keyFrame) {
        if (streamMicros == Long.MIN_VALUE) {
            timedPackets = 0;
            return;
        }
        timedPackets = Math.min(timedPackets + 1, TIMED_PACKETS_NEEDED);
        if (lastPacketMicros != Long.MIN_VALUE && streamMicros < lastPacketMicros) {
            if (lastPacketMicros - streamMicros < REORDER_WINDOW_MICROS) {
                reordered = true;
            } else {
                // The source's clock restarted: what was skipped before is on the old clock.
                lastSkippedMicros = Long.MIN_VALUE;
            }
        }
        lastPacketMicros = streamMicros;
        if (keyFrame) {
            keyframes.observe(streamMicros);
        }
    }

    /** Whether no frame before the next keyframe will be kept: the next sample is at or after it. */
    private boolean restOfGopUnwanted() {
        long nextSample = nextSampleMicros.getAsLong();
        long nextKeyframe = keyframes.nextKeyframeMicros();
        return nextSample != Long.MIN_VALUE && nextKeyframe != Long.MIN_VALUE && nextSample >= nextKeyframe;
    }

    /** Nothing decodes until the next keyframe once a packet was skipped: its frames would lack references. */
    private PacketAction skip(long streamMicros) {
        awaitingKeyframe = true;
        if (streamMicros != Long.MIN_VALUE) {
            lastSkippedMicros = Math.max(lastSkippedMicros, streamMicros);
        }
        return PacketAction.SKIP;
    }

    /** Tells what a decoded picture showed: whether keyframes are whole pictures, and whether resuming broke one. */
    void onPicture(boolean keyFrame, boolean intra, boolean corrupt) {
        if (keyFrame) {
            keyframeNotIntra |= !intra;
            keyframesIntra = !keyframeNotIntra;
        }
        if (corrupt && resumedFromTail) {
            // Frames after the keyframe still referenced the skipped tail (a non-IDR keyframe without B-frames).
            tailSkipFailed = true;
        }
    }

    /** What the session decodes now. */
    Kind kind() {
        if (mode == DecodeMode.KEYFRAMES) {
            return Kind.KEYFRAMES;
        }
        if (mode == DecodeMode.ALL || timestampsMissing() || !onStreamClock.getAsBoolean()) {
            return Kind.ALL;
        }
        if (keyframesIntra && keyframes.isRegular() && !packetsMayBeLost) {
            if (wantedFps <= keyframes.fps() * KEYFRAME_RATE_TOLERANCE) {
                return Kind.KEYFRAMES;
            }
            boolean inOrder = !reordered && !decoderReorders.getAsBoolean();
            if (inOrder && !tailSkipFailed) {
                return Kind.GOP_TAIL;
            }
        }
        return Kind.REFERENCES;
    }

    private boolean timestampsMissing() {
        return timedPackets < TIMED_PACKETS_NEEDED;
    }

    /** Why AUTO does not skip whole GOP parts, in words for the log; {@code null} while it does. */
    String whyNoGopSaving() {
        Kind kind = kind();
        if (kind == Kind.KEYFRAMES || kind == Kind.GOP_TAIL || mode == DecodeMode.ALL) {
            return null;
        }
        if (timestampsMissing()) {
            return "the packets carry no timestamps";
        }
        if (keyframeNotIntra) {
            return "keyframes are not I-frames (periodic intra refresh)";
        }
        if (!onStreamClock.getAsBoolean()) {
            return "frames are sampled on arrival time";
        }
        if (packetsMayBeLost) {
            return "packets can be lost on the way (RTSP over UDP): a lost keyframe would cost wanted frames";
        }
        if (!keyframes.isKnown() || !keyframesIntra) {
            return "learning the stream's GOP";
        }
        if (!keyframes.isRegular()) {
            return "keyframes come irregularly (scene cuts)";
        }
        if (tailSkipFailed) {
            return "the GOP grew while its tail was skipped";
        }
        return "the stream has B-frames (decode order is not presentation order)";
    }

    /**
     * Whether a packet at or after this time was read and not decoded: a slot missed there is ours, not the source's.
     */
    boolean skippedSince(long streamMicros) {
        return lastSkippedMicros != Long.MIN_VALUE && lastSkippedMicros >= streamMicros;
    }

    double keyframeRate() {
        return keyframes.fps();
    }
}
