package dev.edgevideo.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The physical floor of one camera: what FFmpeg itself spends decoding every frame of the source on one thread,
 * unpaced, plus one JPEG encode per frame kept. It is measured here, in the bench's JVM, with the FFmpeg the service
 * links (JavaCV's build, not Debian's {@code ffmpeg}, which is another version), through libavformat and libavcodec
 * directly: no grabber, no Java frame, no pacing. So the floor is the same decoder's work, and whatever the service
 * spends above it is the service's.
 * <p>
 * One JPEG encode is what producing a standard JPEG takes: the decoded picture converted to full-range 4:2:0 (video
 * is limited range) and FFmpeg's MJPEG encoder at its defaults and the service's quality, one thread.
 *
 * @param streamFps frames a second the source delivers (its frame rate; for a live source, the rate it sent)
 * @param decodeMs  CPU milliseconds per frame to read and decode, the least of the passes
 * @param encodeMs  CPU milliseconds per JPEG encode of a frame of this size, the least of the passes
 */
record Floor(String library, double streamFps, double decodeMs, double encodeMs, int width, int height,
             int frames) {

    /** Pictures encoded to JPEG per pass, spread over the source. */
    private static final int ENCODES = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU seconds per stream-minute of a camera that keeps {@code fps} frames a second as JPEGs. */
    double cpuPerStreamMinute(double fps) {
        return 60 * (streamFps * decodeMs + fps * encodeMs) / 1000;
    }

    /** The floor in words and figures, for the table. */
    String describe(double fps, int quality) {
        return String.format(Locale.ROOT, "floor: decode every frame %.2f ms × %s fps + JPEG (q %d, %dx%d) %.2f ms × %s"
                + " fps = **%.2f CPU-s per stream-minute** (FFmpeg %s as the service links it, in-process, one thread,"
                + " unpaced; least of the passes, %d frames)", decodeMs, Bench.trim(round(streamFps)), quality, width,
                height, encodeMs, Bench.trim(fps), cpuPerStreamMinute(fps), library, frames);
    }

    private static double round(double fps) {
        return Math.round(fps * 100) / 100.0;
    }

    /**
     * Measures the floor of a source: a file is decoded whole {@code passes} times; a live source (RTSP) is read for
     * {@code liveFrames} frames once per pass, as it sends them (waiting for frames costs no CPU).
     */
    static Floor measure(String url, boolean live, int passes, int liveFrames, int quality) {
        av_log_set_level(AV_LOG_FATAL);
        avformat_network_init();
        Floor least = null;
        for (int pass = 0; pass < passes; pass++) {
            Floor floor = pass(url, live ? liveFrames : Integer.MAX_VALUE, quality);
            least = least == null ? floor : new Floor(floor.library, floor.streamFps,
                    Math.min(least.decodeMs, floor.decodeMs), Math.min(least.encodeMs, floor.encodeMs), floor.width,
                    floor.height, floor.frames);
        }
        return least;
    }

    /** One pass: read and decode up to {@code limit} frames, encoding {@value #ENCODES} of them spread evenly. */
    private static Floor pass(String url, int limit, int quality) {
        AVFormatContext format = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        if (url.startsWith("rtsp:")) {
            av_dict_set(options, "rtsp_transport", "tcp", 0);
        }
        int ret = avformat_open_input(format, url, null, options);
        av_dict_free(options);
        check(ret, "open " + url);
        AVCodecContext decoder = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try (JpegEncodes encodes = new JpegEncodes(quality)) {
            check(avformat_find_stream_info(format, (PointerPointer<?>) null), "probe " + url);
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            check(index, "find a video stream in " + url);
            AVStream stream = format.streams(index);
            AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
            decoder = avcodec_alloc_context3(codec);
            check(avcodec_parameters_to_context(decoder, stream.codecpar()), "set up the decoder");
            decoder.thread_count(1);
            check(avcodec_open2(decoder, codec, (AVDictionary) null), "open the decoder");
            AVRational rate = av_guess_frame_rate(format, stream, null);
            double streamFps = rate.num() / (double) rate.den();
            // A file's length is known: spread the encodes over it. A live source's is the limit.
            long expected = limit != Integer.MAX_VALUE ? limit
                    : Math.max(ENCODES, Math.round(format.duration() / 1e6 * streamFps));
            long encodeEvery = Math.max(1, expected / ENCODES);
            int frames = 0;
            long start = cpuNanos();
            while (frames < limit && av_read_frame(format, packet) >= 0) {
                try {
                    if (packet.stream_index() != index) {
                        continue;
                    }
                    avcodec_send_packet(decoder, packet);
                    frames += receive(decoder, frame, frames, encodeEvery, encodes);
                } finally {
                    av_packet_unref(packet);
                }
            }
            if (frames < limit) {
                // The end of a file: the frames the decoder still holds (reordered B-frames) are frames too.
                avcodec_send_packet(decoder, (AVPacket) null);
                frames += receive(decoder, frame, frames, encodeEvery, encodes);
            }
            double decodeNanos = cpuNanos() - start - encodes.nanos;
            return new Floor(av_version_info().getString(), streamFps, decodeNanos / 1e6 / Math.max(1, frames),
                    encodes.nanos / 1e6 / Math.max(1, encodes.count), encodes.width, encodes.height, frames);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            avformat_close_input(format);
        }
    }

    /** Takes every frame the decoder has ready, encoding each {@code encodeEvery}th; returns how many. */
    private static int receive(AVCodecContext decoder, AVFrame frame, int before, long encodeEvery,
                               JpegEncodes encodes) {
        int received = 0;
        while (avcodec_receive_frame(decoder, frame) == 0) {
            if ((before + received++) % encodeEvery == 0) {
                encodes.encode(frame);
            }
        }
        return received;
    }

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException("floor: cannot " + what + " (FFmpeg error " + ret + ")");
        }
    }

    /** JPEG encodes of decoded pictures, timed: range conversion to full-range 4:2:0, then FFmpeg's MJPEG encoder. */
    private static final class JpegEncodes implements AutoCloseable {

        private final int quality;
        private final AVPacket packet = av_packet_alloc();
        private AVCodecContext encoder;
        private SwsContext scaler;
        private AVFrame converted;
        private int width;
        private int height;
        long nanos;
        int count;

        JpegEncodes(int quality) {
            this.quality = quality;
        }

        void encode(AVFrame picture) {
            if (scaler == null) {
                open(picture);
            }
            long start = cpuNanos();
            sws_scale(scaler, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(),
                    new PointerPointer<>(converted), converted.linesize());
            converted.pts(count);
            converted.quality(encoder.global_quality());
            check(avcodec_send_frame(encoder, converted), "encode a JPEG");
            check(avcodec_receive_packet(encoder, packet), "receive a JPEG");
            av_packet_unref(packet);
            nanos += cpuNanos() - start;
            count++;
        }

        private void open(AVFrame picture) {
            width = picture.width();
            height = picture.height();
            AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
            encoder = avcodec_alloc_context3(codec);
            encoder.time_base(av_make_q(1, 25));
            encoder.width(width);
            encoder.height(height);
            // Set as ffmpeg sets them from "-pix_fmt yuv420p -color_range pc -q:v N -threads 1", by the options'
            // names; everything else at the encoder's defaults.
            AVDictionary settings = new AVDictionary(null);
            av_dict_set(settings, "pixel_format", "yuv420p", 0);
            av_dict_set(settings, "color_range", "pc", 0);
            av_dict_set(settings, "threads", "1", 0);
            av_dict_set(settings, "flags", "+qscale", 0);
            av_dict_set(settings, "global_quality", Integer.toString(FF_QP2LAMBDA * quality), 0);
            int ret = avcodec_open2(encoder, codec, settings);
            // Options the encoder did not take are left in the dictionary.
            int ignored = av_dict_count(settings);
            av_dict_free(settings);
            check(ret, "open the MJPEG encoder");
            if (ignored > 0) {
                throw new IllegalStateException("floor: the MJPEG encoder ignored " + ignored + " option(s)");
            }
            converted = av_frame_alloc();
            converted.format(AV_PIX_FMT_YUV420P);
            converted.color_range(AVCOL_RANGE_JPEG);
            converted.width(width);
            converted.height(height);
            check(av_frame_get_buffer(converted, 32), "allocate a frame");
            scaler = sws_getContext(width, height, picture.format(), width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                    null, null, (DoublePointer) null);
            // Limited-range video to full-range JPEG, as a correct JPEG needs.
            sws_setColorspaceDetails(scaler, sws_getCoefficients(SWS_CS_DEFAULT), 0,
                    sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        }

        @Override
        public void close() {
            if (scaler != null) {
                sws_freeContext(scaler);
                avcodec_free_context(encoder);
                av_frame_free(converted);
            }
            av_packet_free(packet);
        }
    }
}
