package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes decoded FFmpeg pictures to JPEG with FFmpeg's own MJPEG encoder.
 * <p>
 * The picture goes through one {@code sws_scale} into full-range (JPEG) YUV 4:2:0 at the output size (the
 * source size, or fitted inside the {@code maxWidth} x {@code maxHeight} box with the aspect kept: this is also
 * where any downscale happens) and straight into the encoder: no BGR conversion, no Java2D. Native
 * contexts are created once and re-created only when the input or output geometry changes. The output is
 * plain YUV420P tagged full range rather than the deprecated YUVJ formats, which swscale cannot cache (it
 * would rebuild its context for every frame). Not thread-safe: one encoder per grab thread.
 */
final class JpegEncoder implements AutoCloseable {

    private final CaptureSettings settings;
    private AVCodecContext codecContext;
    private SwsContext scaler;
    private int sourceWidth;
    private int sourceHeight;
    private int sourceFormat;
    private AVFrame scaled;
    private final AVPacket packet = av_packet_alloc();
    private long pts;

    JpegEncoder(CaptureSettings settings) {
        this.settings = settings;
    }

    /** @param picture a decoded picture (owned by the decoder; only read here) */
    FfmpegCapture.EncodedFrame encode(AVFrame picture) throws CaptureException {
        int[] size = fit(picture.width(), picture.height(), settings.maxWidth(), settings.maxHeight());
        prepare(picture, size[0], size[1]);
        // AVFrame.data is the struct's first member, so the frame address is also its plane-pointer array.
        sws_scale(scaler, new PointerPointer<>(picture), picture.linesize(), 0, picture.height(),
                new PointerPointer<>(scaled), scaled.linesize());
        scaled.pts(pts++);
        scaled.quality(codecContext.global_quality());
        int ret = avcodec_send_frame(codecContext, scaled);
        if (ret < 0) {
            throw new CaptureException("MJPEG encoder refused the frame", ret);
        }
        ret = avcodec_receive_packet(codecContext, packet);
        if (ret < 0) {
            throw new CaptureException("MJPEG encoder gave no packet", ret);
        }
        try {
            return FfmpegCapture.EncodedFrame.copy(packet, size[0], size[1]);
        } finally {
            av_packet_unref(packet);
        }
    }

    /**
     * The size a frame is encoded at: {width, height} fitted inside the {@code maxWidth} x {@code maxHeight} box (0
     * for unbounded), never larger than the source, even (JPEG 4:2:0 chroma wants even sizes).
     */
    static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = Math.min(1, Math.min(maxWidth > 0 ? (double) maxWidth / width : 1,
                maxHeight > 0 ? (double) maxHeight / height : 1));
        return new int[] {Math.max(2, (int) Math.round(width * scale) & ~1),
            Math.max(2, (int) Math.round(height * scale) & ~1)};
    }

    /**
     * Creates the native contexts for this picture at this output size, or keeps those of the last picture when its
     * size and pixel format were the same. The scaler is made last: without one, nothing is kept.
     */
    private void prepare(AVFrame picture, int width, int height) throws CaptureException {
        if (scaler != null && width == codecContext.width() && height == codecContext.height()
            && picture.width() == sourceWidth && picture.height() == sourceHeight && picture.format() == sourceFormat) {
            return;
        }
        free();
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        if (codec == null) {
            throw new CaptureException("FFmpeg has no MJPEG encoder");
        }
        codecContext = avcodec_alloc_context3(codec);
        codecContext.width(width);
        codecContext.height(height);
        codecContext.pix_fmt(AV_PIX_FMT_YUV420P);
        codecContext.color_range(AVCOL_RANGE_JPEG);
        codecContext.time_base(av_make_q(1, 25));
        codecContext.thread_count(1);
        codecContext.flags(codecContext.flags() | AV_CODEC_FLAG_QSCALE);
        codecContext.global_quality(FF_QP2LAMBDA * settings.quality());
        int ret = avcodec_open2(codecContext, codec, (AVDictionary) null);
        if (ret < 0) {
            throw new CaptureException("cannot open MJPEG encoder for " + width + "x" + height, ret);
        }
        scaled = av_frame_alloc();
        scaled.format(AV_PIX_FMT_YUV420P);
        scaled.color_range(AVCOL_RANGE_JPEG);
        scaled.width(width);
        scaled.height(height);
        ret = av_frame_get_buffer(scaled, 32);
        if (ret < 0) {
            throw new CaptureException("cannot allocate a " + width + "x" + height + " frame", ret);
        }
        scaler = sws_getContext(picture.width(), picture.height(), picture.format(), width, height,
                AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new CaptureException("cannot convert pixel format " + picture.format() + " to JPEG input");
        }
        IntPointer coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
        int sourceRange = isFullRange(picture) ? 1 : 0;
        // Video is usually limited range (16-235), JPEG is full range (0-255): expand, or colours look washed out.
        sws_setColorspaceDetails(scaler, coefficients, sourceRange, coefficients, 1, 0, 1 << 16, 1 << 16);
        sourceWidth = picture.width();
        sourceHeight = picture.height();
        sourceFormat = picture.format();
    }

    private static boolean isFullRange(AVFrame picture) {
        int format = picture.format();
        return picture.color_range() == AVCOL_RANGE_JPEG || format == AV_PIX_FMT_YUVJ420P
               || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
    }

    private void free() {
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (codecContext != null) {
            avcodec_free_context(codecContext);
            codecContext = null;
        }
        if (scaled != null) {
            av_frame_free(scaled);
            scaled = null;
        }
    }

    @Override
    public void close() {
        free();
        av_packet_free(packet);
    }
}
