package dev.edgevideo.sink;

import dev.edgevideo.camera.CapturedFrame;

/**
 * One frame on its way to the sinks, shared by the branches of the sinks' multicast (each branch gets a copy of
 * the exchange, but the same header objects): the Redis branch runs first and records that the frame is stored,
 * so the RabbitMQ branch names the Redis key only when a consumer that GETs it at once will find the frame.
 */
public final class FrameDelivery {

    /** The header holding it, set before the multicast. */
    public static final String HEADER = "CamelEdgeVideoDelivery";

    private final CapturedFrame frame;
    private final String redisKey;
    private volatile boolean storedInRedis;

    FrameDelivery(CapturedFrame frame, String redisKey) {
        this.frame = frame;
        this.redisKey = redisKey;
    }

    public CapturedFrame frame() {
        return frame;
    }

    /** The frame's key in Redis, {@code <prefix>:<cameraId>:<epochNanos>:<sequence>}. */
    public String redisKey() {
        return redisKey;
    }

    /** Whether every Redis write of the frame succeeded. */
    public boolean isStoredInRedis() {
        return storedInRedis;
    }

    void storedInRedis() {
        storedInRedis = true;
    }
}
