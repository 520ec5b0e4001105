package dev.edgevideo.camera;

import org.apache.camel.spi.Metadata;

/**
 * Message headers set by the {@code camera:} consumer on every frame exchange.
 */
public final class CameraConstants {

    @Metadata(description = "The camera id (the endpoint's path).", javaType = "String")
    public static final String CAMERA_ID = "CamelCameraId";
    @Metadata(description = "Per-camera monotonic frame sequence, starting at 1 when the consumer starts.",
              javaType = "long")
    public static final String SEQUENCE = "CamelCameraSequence";
    @Metadata(description = "Capture time of the frame (wall clock when it was decoded), epoch milliseconds.",
              javaType = "long")
    public static final String TIMESTAMP = "CamelCameraTimestamp";
    @Metadata(description = "Capture time of the frame, epoch nanoseconds.", javaType = "long")
    public static final String TIMESTAMP_NANOS = "CamelCameraTimestampNanos";
    @Metadata(description = "Width in pixels of the JPEG in the body (the real frame, after any downscale).",
              javaType = "int")
    public static final String WIDTH = "CamelCameraWidth";
    @Metadata(description = "Height in pixels of the JPEG in the body.", javaType = "int")
    public static final String HEIGHT = "CamelCameraHeight";
    @Metadata(description = "FFmpeg name of the source video codec, e.g. h264, hevc, mjpeg.", javaType = "String")
    public static final String SOURCE_CODEC = "CamelCameraSourceCodec";
    @Metadata(description = "Whether the frame was a keyframe (I-frame) in the source stream.", javaType = "boolean")
    public static final String KEY_FRAME = "CamelCameraKeyFrame";
    @Metadata(description = "The camera's configured target rate in frames per second.", javaType = "double")
    public static final String TARGET_FPS = "CamelCameraTargetFps";
    @Metadata(description = "The camera URL with any user:password masked, safe to log or publish.",
              javaType = "String")
    public static final String MASKED_URL = "CamelCameraMaskedUrl";

    private CameraConstants() {
    }
}
