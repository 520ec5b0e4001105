package dev.edgevideo.camera;

import org.apache.camel.spi.Metadata;

/**
 * The message header set by the {@code camera:} consumer on every frame exchange: one typed object with all the
 * frame's metadata, so a route maps it to each sink's wire format once, where the sink is, instead of copying
 * ten headers per frame.
 */
public final class CameraConstants {

    @Metadata(description = "The frame's metadata: camera id, sequence, capture time (epoch ns), width, height,"
                            + " keyframe flag and source codec. The body is the JPEG.",
              javaType = "dev.edgevideo.camera.CapturedFrame")
    public static final String FRAME = "CamelCameraFrame";

    private CameraConstants() {
    }
}
