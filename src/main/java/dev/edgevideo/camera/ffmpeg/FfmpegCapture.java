package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_TS_DISCONT;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One persistent FFmpeg session on one camera source.
 * <p>
 * {@link #next} advances to the next picture, in presentation order. JavaCV's grabber only demuxes: every video
 * packet is shown to a {@link PacketGate}, which decides whether it is decoded (a frame that will not be kept, and
 * that no kept frame needs, is never decoded), and our own {@link VideoDecoder} decodes it. Decoded frames are not
 * converted; MJPEG sources are not decoded at all, their JPEGs are passed through. Only {@link #encodeCurrent()}
 * pays for the conversion and the JPEG encoding. Timestamps are made monotonic across loops and source clock
 * resets, so samplers and pacers can trust them. Not thread-safe: one session per grab thread.
 */
public final class FfmpegCapture implements AutoCloseable {

    private static final long CLOCK_RESET_MICROS = TimeUnit.SECONDS.toMicros(1);
    // FFmpeg's AV_FRAME_FLAG_CORRUPT (errors concealed) and AV_FRAME_FLAG_KEY, which JavaCPP's avutil lacks.
    private static final int FRAME_FLAG_CORRUPT = 1;
    private static final int FRAME_FLAG_KEY = 1 << 1;
    /** Sessions opened and not yet closed, process-wide: proves at shutdown that no native grabber leaked. */
    private static final AtomicInteger OPEN_SESSIONS = new AtomicInteger();

    private final CaptureSettings settings;
    private final FFmpegFrameGrabber grabber;
    private final boolean passthrough;
    private final JpegEncoder encoder;
    private final VideoDecoder decoder;
    private final LumaThumbnail thumbnail = new LumaThumbnail();
    private final String codecName;
    private final int videoStreamIndex;
    // Copied out of the stream: rewind() may re-open the source, freeing the AVStream the rational lived in.
    private final int timeBaseNum;
    private final int timeBaseDen;
    private final long frameDurationMicros;
    private final double declaredFrameRate;
    private final long openedAtNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SenderClock senderClock;
    private final boolean madeUpTimestamps;

    private AVFrame picture;
    private AVPacket packet;
    /** Width and height the current passed-through JPEG declares. */
    private int[] packetSize;
    /** When the last passed-through packet that is a JPEG picture arrived, on {@link System#nanoTime()}. */
    private long lastPictureNanos = openedAtNanos;
    private boolean keyFrame;
    private boolean intraPicture;
    private boolean corruptPicture;
    /** The demuxer has no more packets: the decoder is drained, then {@link #next} ends the stream. */
    private boolean ended;
    /**
     * The decoder holds no references (session start, a skipped packet, a keyframe decoded on its own): the next
     * packet decoded must be a keyframe, and pictures before it in presentation order are dropped.
     */
    private boolean needsKeyframe = true;
    /** The raw pts of the keyframe decoding resumed at; pictures before it are an open GOP's leading pictures. */
    private long resumedAtPts = AV_NOPTS_VALUE;
    private long timestampMicros = Long.MIN_VALUE;
    private long lastRawMicros = Long.MIN_VALUE;
    /** The last video packet's raw pts, in decode order: a jump between two packets is a discontinuity. */
    private long lastPacketPts = AV_NOPTS_VALUE;
    /**
     * The latest presentation time of a packet on the session clock: where the clock goes on from after a jump or a
     * rewind. The latest, not the last read: with B-frames the last packet in decode order is not the last shown.
     */
    private long lastPacketMicros = Long.MIN_VALUE;
    /** A file whose frames carry no timestamps: they are numbered at the declared rate instead. */
    private boolean untimed;
    /** Raw picture time to session clock. */
    private long offsetMicros;
    /**
     * Raw packet time to session clock: packets are read ahead of the pictures decoded from them, so a jump is seen
     * here first and applies to the pictures once they reach it ({@link #pendingOffsetMicros}).
     */
    private long packetOffsetMicros;
    /** The offset of the pictures past a jump the packets showed, {@link Long#MIN_VALUE} when none is pending. */
    private long pendingOffsetMicros = Long.MIN_VALUE;
    /** A rewound file's offset, for its first picture. */
    private long rewoundOffsetMicros = Long.MIN_VALUE;
    /** The demuxer's pts of the current frame in microseconds, before any monotonic correction. */
    private long ptsMicros = SenderClock.UNKNOWN;

    private FfmpegCapture(CaptureSettings settings, FFmpegFrameGrabber grabber) throws CaptureException {
        this.settings = settings;
        this.grabber = grabber;
        AVFormatContext format = grabber.getFormatContext();
        int index = 0;
        while (index < format.nb_streams() && format.streams(index).codecpar().codec_type() != AVMEDIA_TYPE_VIDEO) {
            index++;
        }
        if (index == format.nb_streams()) {
            throw new CaptureException("source has no video stream: " + settings.url());
        }
        AVStream stream = format.streams(index);
        this.videoStreamIndex = index;
        this.timeBaseNum = stream.time_base().num();
        this.timeBaseDen = stream.time_base().den();
        this.codecName = grabber.getVideoCodecName();
        this.passthrough = grabber.getVideoCodec() == AV_CODEC_ID_MJPEG && !settings.resizes();
        this.decoder = passthrough ? null : new VideoDecoder(stream);
        this.encoder = passthrough ? null : new JpegEncoder(settings);
        double frameRate = grabber.getVideoFrameRate();
        this.declaredFrameRate = frameRate > 0 && frameRate < 1000 ? frameRate : 0;
        this.frameDurationMicros = declaredFrameRate > 0 ? Math.round(1_000_000d / declaredFrameRate) : 40_000;
        this.madeUpTimestamps = "mpjpeg".equals(format.iformat().name().getString());
        // Only RTSP sessions get sender reports (rewind, which may re-open the format context, is for files only).
        this.senderClock = settings.isRtsp()
                ? new SenderClock(() -> grabber.getFormatContext().start_time_realtime()) : SenderClock.none();
        OPEN_SESSIONS.incrementAndGet();
    }

    /**
     * Opens the source. Blocks at most about the connect timeout.
     *
     * @throws CaptureException naming the (masked) source and FFmpeg's reason
     */
    public static FfmpegCapture open(CaptureSettings settings) throws CaptureException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(settings.ffmpegUrl());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        if (settings.isRtsp()) {
            grabber.setOption("rtsp_transport", settings.rtspTransport());
        }
        if (!settings.isFile()) {
            // Socket timeouts, in microseconds: "timeout" bounds connecting (and RTSP/HTTP socket reads),
            // "rw_timeout" bounds every read on any protocol: a camera that stops sending fails the session.
            grabber.setOption("timeout", Long.toString(settings.connectTimeout().toNanos() / 1000));
            grabber.setOption("rw_timeout", Long.toString(settings.readTimeout().toNanos() / 1000));
        }
        // The grabber opens a decoder of its own that is never fed (ours decodes): one thread keeps it from
        // starting a pool of idle threads per camera.
        grabber.setVideoOption("threads", "1");
        try {
            // Not start(): JavaCV's start() and release() hold one lock for every grabber in the process
            // (synchronized on avcodec.class, for codecs whose initialisation was not thread-safe in FFmpeg < 4), so
            // one camera opening a black-holed source (up to connectTimeout/readTimeout inside
            // avformat_open_input/find_stream_info) held every other camera's reconnect, file rewind and close; a
            // healthy file camera fell from 2.08 to 1.41 fps in CameraStreamFaultsIT. The bundled FFmpeg 8 locks
            // the codecs that need it inside avcodec_open2 itself. https://github.com/bytedeco/javacv/issues/1698,
            // canary: JavaCvWorkaroundsCanaryTest.
            grabber.startUnsafe(true);
            return new FfmpegCapture(settings, grabber);
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw new CaptureException("cannot open " + settings.url() + ": " + e.getMessage(), e);
        } catch (CaptureException | RuntimeException e) {
            closeQuietly(grabber);
            throw e;
        }
    }

    /** FFmpeg's name of the source video codec. */
    public String codecName() {
        return codecName;
    }

    /** The source's frame interval from the rate it declares; 40 ms (25 fps) when it declares none. */
    public long frameDurationMicros() {
        return frameDurationMicros;
    }

    /** The frame rate the source declares; 0 when it declares none (or an implausible one). */
    public double declaredFrameRate() {
        return declaredFrameRate;
    }

    /**
     * Whether the demuxer makes the timestamps up rather than reading them from the stream: multipart MJPEG over
     * HTTP carries none, and FFmpeg stamps it at an assumed 25 fps.
     */
    public boolean timestampsMadeUp() {
        return madeUpTimestamps;
    }

    /** Whether JPEGs from this source are passed through without decoding. */
    public boolean isPassthrough() {
        return passthrough;
    }

    /**
     * Decides, for every video packet the source sends (in decode order), whether it is decoded. A packet that is
     * not decoded still counts as a frame the source sent.
     */
    @FunctionalInterface
    public interface PacketGate {
        /**
         * @param streamMicros the packet's presentation time on this session's monotonic clock, {@link Long#MIN_VALUE}
         *                     when the packet carries none (raw elementary streams)
         * @param keyFrame     whether the packet holds a keyframe
         * @throws CaptureException to end the session (a stalled or flooding stream)
         */
        PacketAction onPacket(long streamMicros, boolean keyFrame) throws CaptureException;
    }

    /** What becomes of one video packet. */
    public enum PacketAction {
        /** Decoded as part of the stream. */
        DECODE,
        /**
         * A keyframe decoded on its own and handed out at once: the decoder is drained (the pictures it held back
         * for reordering come out first) and reset, so keyframes only never wait behind B-frame reordering.
         */
        DECODE_ALONE,
        /**
         * Decoded if it is a reference picture; a picture no other refers to (a disposable B-frame) is dropped by the
         * decoder. Nothing later depends on it, so decoding goes on without waiting for a keyframe. A packet without
         * its own presentation time is decoded whole: its time does not tell which picture it is.
         */
        DECODE_IF_REFERENCED,
        /** Read, counted, never decoded. Decoding can resume only at a keyframe. */
        SKIP
    }

    /**
     * Advances to the next picture.
     *
     * @param gate decides which packets are decoded; MJPEG passed through is shown every packet, and takes each
     * @return {@code false} at the end of the stream
     */
    public boolean next(PacketGate gate) throws CaptureException {
        try {
            return passthrough ? nextPacket(gate) : nextPicture(gate);
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("read failed on " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private boolean nextPicture(PacketGate gate) throws FrameGrabber.Exception, CaptureException {
        picture = null;
        while (true) {
            AVFrame decoded = decoder.receive();
            if (decoded != null) {
                long pts = decoded.best_effort_timestamp();
                if (resumedAtPts != AV_NOPTS_VALUE && pts != AV_NOPTS_VALUE && pts < resumedAtPts) {
                    // A leading picture of an open GOP: it references frames before the keyframe that were not
                    // decoded, so it would be garbage.
                    continue;
                }
                picture = decoded;
                keyFrame = (decoded.flags() & FRAME_FLAG_KEY) != 0;
                intraPicture = decoded.pict_type() == AV_PICTURE_TYPE_I;
                corruptPicture = (decoded.flags() & FRAME_FLAG_CORRUPT) != 0 || decoded.decode_error_flags() != 0;
                onPts(pts);
                return true;
            }
            if (decoder.isDraining()) {
                decoder.reset();
                needsKeyframe = true;
                if (ended) {
                    return false;
                }
                continue;
            }
            AVPacket read = grabber.grabPacket();
            if (read == null) {
                ended = true;
                decoder.drain();
                continue;
            }
            try {
                if (read.stream_index() == videoStreamIndex && read.size() > 0) {
                    decode(read, gate);
                }
            } finally {
                av_packet_unref(read);
            }
        }
    }

    private void decode(AVPacket read, PacketGate gate) throws CaptureException {
        boolean key = (read.flags() & AV_PKT_FLAG_KEY) != 0;
        long pts = read.pts() != AV_NOPTS_VALUE ? read.pts() : read.dts();
        PacketAction action = gate.onPacket(onPacketPts(pts), key);
        if (action == PacketAction.SKIP || needsKeyframe && !key) {
            // Without its references a frame decodes to garbage: wait for the next keyframe.
            needsKeyframe = true;
            return;
        }
        if (needsKeyframe) {
            decoder.reset();
            needsKeyframe = false;
            resumedAtPts = pts;
        }
        decoder.send(read, action == PacketAction.DECODE_IF_REFERENCED && read.pts() != AV_NOPTS_VALUE);
        if (action == PacketAction.DECODE_ALONE) {
            decoder.drain();
        }
    }

    /**
     * Notes a video packet's pts. A jump of more than {@link #CLOCK_RESET_MICROS} between two packets is a
     * discontinuity that the session clock bridges, going on one frame after the latest packet before it: back (a
     * source whose clock restarted) always, forward only in a file (an MPEG-TS discontinuity, joined recordings),
     * where it stands for no time; a live source's forward jump is time that passed without frames.
     *
     * @return the packet's presentation time on the session clock, {@link Long#MIN_VALUE} when it carries none
     */
    private long onPacketPts(long pts) {
        if (pts == AV_NOPTS_VALUE) {
            return Long.MIN_VALUE;
        }
        if (lastPacketPts != AV_NOPTS_VALUE && lastPacketMicros != Long.MIN_VALUE) {
            long jump = toMicros(pts - lastPacketPts);
            if (jump < -CLOCK_RESET_MICROS || settings.isFile() && jump > CLOCK_RESET_MICROS) {
                packetOffsetMicros = lastPacketMicros + frameDurationMicros - toMicros(pts);
                pendingOffsetMicros = packetOffsetMicros;
            }
        }
        lastPacketPts = pts;
        long streamMicros = toMicros(pts) + packetOffsetMicros;
        lastPacketMicros = Math.max(lastPacketMicros, streamMicros);
        return streamMicros;
    }

    /**
     * Pictures the decoder holds back to put B-frames in presentation order: decode order is not presentation order.
     */
    public boolean reordersPictures() {
        return decoder != null && decoder.reorderDepth() > 0;
    }

    private boolean nextPacket(PacketGate gate) throws FrameGrabber.Exception, CaptureException {
        while (true) {
            releasePacket();
            AVPacket read = grabber.grabPacket();
            if (read == null) {
                return false;
            }
            packet = read;
            if (read.stream_index() != videoStreamIndex || read.size() <= 0) {
                continue;
            }
            // Passed through, a JPEG is never decoded: a packet that is not a JPEG picture (a camera or link sending
            // garbage) would reach the sinks as a frame. It is skipped, and garbage for longer than readTimeout fails
            // the session as a stalled stream does.
            packetSize = JpegHeader.size(read.data().capacity(read.size()).asByteBuffer());
            long now = System.nanoTime();
            if (packetSize == null) {
                long garbageNanos = now - lastPictureNanos;
                if (garbageNanos > settings.readTimeout().toNanos()) {
                    throw new FrameGrabber.Exception("no JPEG picture for "
                                                     + TimeUnit.NANOSECONDS.toMillis(garbageNanos)
                                                     + " ms (readTimeout " + settings.readTimeout().toMillis()
                                                     + " ms): the stream sends data that is not JPEG");
                }
                continue;
            }
            lastPictureNanos = now;
            keyFrame = (read.flags() & AV_PKT_FLAG_KEY) != 0;
            intraPicture = true;
            long pts = read.pts() != AV_NOPTS_VALUE ? read.pts() : read.dts();
            gate.onPacket(onPacketPts(pts), keyFrame);
            onPts(pts);
            return true;
        }
    }

    private void onPts(long pts) {
        ptsMicros = pts == AV_NOPTS_VALUE ? SenderClock.UNKNOWN : toMicros(pts);
        if (pts != AV_NOPTS_VALUE) {
            updateTimestamp(ptsMicros);
        } else if (settings.isFile()) {
            // A raw elementary stream (an Annex-B .h264 file) carries no time at all: frames at the declared rate,
            // as players show it. Not the wall clock: a paced file would wait for its own reading time.
            untimed = true;
            timestampMicros = timestampMicros == Long.MIN_VALUE ? 0 : timestampMicros + frameDurationMicros;
        } else {
            updateTimestamp(wallClockMicros());
        }
    }

    private long toMicros(long pts) {
        return pts * 1_000_000L * timeBaseNum / timeBaseDen;
    }

    private long wallClockMicros() {
        return (System.nanoTime() - openedAtNanos) / 1000;
    }

    private void updateTimestamp(long rawMicros) {
        if (rewoundOffsetMicros != Long.MIN_VALUE) {
            offsetMicros = rewoundOffsetMicros;
            rewoundOffsetMicros = Long.MIN_VALUE;
        } else if (lastRawMicros != Long.MIN_VALUE && Math.abs(rawMicros - lastRawMicros) > CLOCK_RESET_MICROS
                   && (pendingOffsetMicros != Long.MIN_VALUE || rawMicros < lastRawMicros)) {
            // The first picture past a jump: the offset the packets worked out, or (a clock reset no packet showed,
            // none carrying a time) one frame after the last picture.
            offsetMicros = pendingOffsetMicros != Long.MIN_VALUE ? pendingOffsetMicros
                    : timestampMicros + frameDurationMicros - rawMicros;
            pendingOffsetMicros = Long.MIN_VALUE;
        }
        lastRawMicros = rawMicros;
        timestampMicros = rawMicros + offsetMicros;
    }

    /** Stream time of the current frame in microseconds, monotonic for the life of this session. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /**
     * The sender's wall-clock time of the current frame, microseconds since the epoch, from the RTCP sender reports
     * of an RTSP session; {@link Long#MIN_VALUE} before the first report and for sources that send none.
     */
    public long senderEpochMicros() {
        return senderClock.epochMicros(ptsMicros);
    }

    public boolean keyFrame() {
        return keyFrame;
    }

    /**
     * Whether the current picture is an I-frame, complete on its own. A keyframe that is not one (a recovery point
     * of a stream with periodic intra refresh) shows a partly refreshed picture when decoded alone.
     */
    public boolean intraPicture() {
        return intraPicture;
    }

    /** Whether the decoder concealed errors in the current picture (lost packets, corrupt bytes). */
    public boolean corruptPicture() {
        return corruptPicture;
    }

    /**
     * The luma thumbnail of the current picture, read now; {@code null} for MJPEG passed through, whose JPEGs are
     * never decoded. The same instance every call: copy what must outlive the next frame.
     */
    public LumaThumbnail thumbnail() {
        if (picture == null) {
            return null;
        }
        thumbnail.read(picture);
        return thumbnail;
    }

    /** The current frame as a JPEG, encoded (or passed through) now. */
    public EncodedFrame encodeCurrent() throws CaptureException {
        if (passthrough ? packet == null : picture == null) {
            throw new CaptureException("no current frame");
        }
        return passthrough ? EncodedFrame.copy(packet, packetSize[0], packetSize[1]) : encoder.encode(picture);
    }

    /**
     * Starts the source again from its beginning (files); timestamps go on one frame after the last frame read, so
     * the next pass plays in real time even when the last frames were not decoded (keyframe-only decoding).
     */
    public void rewind() throws CaptureException {
        releasePacket();
        picture = null;
        ended = false;
        if (decoder != null) {
            decoder.reset();
        }
        needsKeyframe = true;
        resumedAtPts = AV_NOPTS_VALUE;
        lastPacketPts = AV_NOPTS_VALUE;
        pendingOffsetMicros = Long.MIN_VALUE;
        // The last frame read, decoded or not; not the file's length, which spans any jump inside the file.
        long lastFrameMicros = Math.max(timestampMicros, lastPacketMicros);
        try {
            if (!seekToStart()) {
                // restart() is stop() and start(), both under JavaCV's global lock (see open).
                grabber.releaseUnsafe();
                grabber.startUnsafe(true);
            }
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("cannot rewind " + settings.url() + ": " + e.getMessage(), e);
        }
        long start = grabber.getFormatContext().start_time();
        rewoundOffsetMicros = lastFrameMicros + frameDurationMicros
                              - (untimed || start == AV_NOPTS_VALUE ? 0 : start * 1_000_000L / AV_TIME_BASE);
        packetOffsetMicros = rewoundOffsetMicros;
    }

    /**
     * Seeks the open demuxer back to the start, as ffmpeg's {@code -stream_loop} does. Re-opening instead probes
     * the stream again ({@code avformat_find_stream_info} decodes frames) and opens JavaCV's own decoder: 7 % of
     * the service's CPU with 30 cameras looping a 20 s clip at 0.5 fps, keyframes only. Not in containers whose
     * timestamps may jump (MPEG-TS): seeking by time there landed seconds after the start (10 s into a 12 s clip of
     * the conformance corpus), so those are re-opened.
     *
     * @return false when the demuxer cannot seek there; the caller re-opens the source then
     */
    private boolean seekToStart() {
        AVFormatContext format = grabber.getFormatContext();
        if ((format.iformat().flags() & AVFMT_TS_DISCONT) != 0) {
            return false;
        }
        long start = format.start_time() == AV_NOPTS_VALUE ? 0 : format.start_time();
        return avformat_seek_file(format, -1, Long.MIN_VALUE, start, start, 0) >= 0;
    }

    private void releasePacket() {
        if (packet != null) {
            av_packet_unref(packet);
            packet = null;
        }
    }

    /** FFmpeg sessions open in this process now. */
    public static int openSessions() {
        return OPEN_SESSIONS.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            OPEN_SESSIONS.decrementAndGet();
        }
        releasePacket();
        picture = null;
        if (encoder != null) {
            encoder.close();
        }
        if (decoder != null) {
            decoder.close();
        }
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            // close() is release() under JavaCV's global lock (see open).
            grabber.releaseUnsafe();
        } catch (Exception e) {
            // Releasing native contexts of a broken session: nothing useful to do with a second failure.
        }
    }

    /** A JPEG and its real dimensions. */
    public record EncodedFrame(byte[] jpeg, int width, int height) {

        static EncodedFrame copy(AVPacket packet, int width, int height) {
            byte[] jpeg = new byte[packet.size()];
            packet.data().get(jpeg);
            return new EncodedFrame(jpeg, width, height);
        }
    }
}
