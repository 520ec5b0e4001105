package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** Turns FFmpeg's negative error codes into words. */
final class FfmpegErrors {

    private FfmpegErrors() {
    }

    static String describe(int errorCode) {
        try (BytePointer buffer = new BytePointer(256)) {
            if (av_strerror(errorCode, buffer, buffer.capacity()) == 0) {
                return buffer.getString() + " (" + errorCode + ")";
            }
        }
        return "FFmpeg error " + errorCode;
    }
}
