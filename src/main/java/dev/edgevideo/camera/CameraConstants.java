package dev.edgevideo.camera;

import org.apache.camel.spi.Metadata;

/**
 * The message headers of a frame exchange: the one set by the {@code camera:} consumer, one typed object with all the
 * frame's metadata, so a route maps it to each sink's wire format once, where the sink is, instead of copying
 * ten headers per frame; and, with scale-out on, the ownership epoch.
 */
public final class CameraConstants {

    @Metadata(description = "The frame's metadata: camera id, sequence, capture time (epoch ns), width, height,"
                            + " keyframe flag and source codec. The body is the JPEG.",
              javaType = "dev.edgevideo.camera.CapturedFrame")
    public static final String FRAME = "CamelCameraFrame";

    @Metadata(description = "With scale-out on, the ownership epoch of the instance that consumed the frame (a number"
                            + " that only grows for a camera, from ZooKeeper), set by the cluster's route policy as the"
                            + " frame's exchange begins; absent when the cluster is off.",
              javaType = "long")
    public static final String OWNER_EPOCH = "CamelCameraOwnerEpoch";

    private CameraConstants() {
    }
}
