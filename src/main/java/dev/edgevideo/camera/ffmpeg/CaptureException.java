package dev.edgevideo.camera.ffmpeg;

import dev.edgevideo.camera.UrlMasker;

/**
 * A capture session could not open or read its source. The message names the camera source with its
 * credentials masked and, where FFmpeg gave an error code, what the code means.
 */
public class CaptureException extends Exception {

    public CaptureException(String message) {
        super(UrlMasker.mask(message));
    }

    public CaptureException(String message, Throwable cause) {
        super(UrlMasker.mask(message), cause);
    }
}
