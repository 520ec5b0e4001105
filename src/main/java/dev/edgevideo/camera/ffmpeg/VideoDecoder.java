package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The video decoder of one session, driven packet by packet with FFmpeg's send/receive API.
 * <p>
 * Ours rather than the one inside JavaCV's grabber: which packets are decoded is decided per packet
 * ({@link FfmpegCapture.PacketGate}), and a keyframe decoded on its own must come out at once. With B-frames the
 * decoder holds pictures back to reorder them ({@code has_b_frames}); fed keyframes only, it would hand each
 * one out several keyframes later, and JavaCV's keyframe mode then threw away the reordered pictures that were not
 * I-frames. {@link #drain()} empties the reorder buffer instead. Not thread-safe: one per grab thread.
 */
final class VideoDecoder implements AutoCloseable {

    private final AVCodecContext context;
    private final AVFrame frame;
    private boolean draining;
    private boolean referencesOnly;

    VideoDecoder(AVStream stream) throws CaptureException {
        int codecId = stream.codecpar().codec_id();
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null) {
            throw new CaptureException("no decoder for the source's codec " + avcodec_get_name(codecId).getString());
        }
        AVCodecContext opened = avcodec_alloc_context3(codec);
        if (avcodec_parameters_to_context(opened, stream.codecpar()) < 0) {
            avcodec_free_context(opened);
            throw new CaptureException("cannot read the stream parameters of codec " + codec.name().getString());
        }
        opened.pkt_timebase(stream.time_base());
        // One decoder thread per camera: predictable CPU per camera, and many cameras share the cores anyway; frame
        // threads would also add a frame of delay per thread.
        opened.thread_count(1);
        if (avcodec_open2(opened, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(opened);
            throw new CaptureException("cannot open the " + codec.name().getString() + " decoder");
        }
        this.context = opened;
        this.frame = av_frame_alloc();
    }

    /**
     * Sends one packet. A packet the decoder rejects as invalid (corrupt bytes) is dropped: the decoder conceals
     * what it can and decoding goes on with the next packet, as every player does.
     *
     * @param referencesOnly the decoder drops the packet's picture unless it is a reference picture
     *                       ({@code AVDISCARD_NONREF}, what {@code ffmpeg -skip_frame noref} does): no other picture
     *                       needs it, so the pictures after it decode whole either way
     */
    void send(AVPacket packet, boolean referencesOnly) {
        if (referencesOnly != this.referencesOnly) {
            // The decoder reads skip_frame as it parses the packet, which send does at once: the receive loop has
            // taken every picture out before the next packet is sent.
            context.skip_frame(referencesOnly ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
            this.referencesOnly = referencesOnly;
        }
        avcodec_send_packet(context, packet);
    }

    /**
     * The next decoded picture, or {@code null} when the decoder needs more packets (or is drained). Valid until the
     * next call.
     */
    AVFrame receive() {
        av_frame_unref(frame);
        return avcodec_receive_frame(context, frame) == 0 ? frame : null;
    }

    /**
     * Ends the input: every picture the decoder holds back for reordering comes out of {@link #receive()}, after
     * which {@link #reset()} readies it for more packets.
     */
    void drain() {
        if (!draining) {
            draining = true;
            avcodec_send_packet(context, (AVPacket) null);
        }
    }

    /** Whether {@link #drain()} was called and {@link #reset()} not yet. */
    boolean isDraining() {
        return draining;
    }

    /** Drops every reference and held-back picture; the next packet sent must be a keyframe. */
    void reset() {
        avcodec_flush_buffers(context);
        draining = false;
    }

    int reorderDepth() {
        return context.has_b_frames();
    }

    @Override
    public void close() {
        av_frame_free(frame);
        avcodec_free_context(context);
    }
}
