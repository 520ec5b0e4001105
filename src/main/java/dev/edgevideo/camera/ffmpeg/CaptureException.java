package dev.edgevideo.camera.ffmpeg;

import dev.edgevideo.camera.UrlMasker;

/**
 * A capture session could not open or read its source. The message names the camera source with its
 * credentials masked and, where FFmpeg gave an error code, what the code means. Every camera error is made here,
 * so cleaning JavaCV's text once covers the log, the API, the events, the health checks and the status page.
 */
public class CaptureException extends Exception {

    public CaptureException(String message) {
        super(FfmpegErrors.clean(UrlMasker.mask(message)));
    }

    public CaptureException(String message, Throwable cause) {
        super(FfmpegErrors.clean(UrlMasker.mask(message)), cause);
    }
}
