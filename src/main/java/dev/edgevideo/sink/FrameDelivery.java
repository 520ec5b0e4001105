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
    private final Long ownerEpoch;
    private volatile boolean storedInRedis;

    FrameDelivery(CapturedFrame frame, String redisKey, Long ownerEpoch) {
        this.frame = frame;
        this.redisKey = redisKey;
        this.ownerEpoch = ownerEpoch;
    }

    public CapturedFrame frame() {
        return frame;
    }

    public String redisKey() {
        return redisKey;
    }

    /**
     * The ownership epoch of the instance that consumed the frame ({@code owner_epoch} on the wire), null when
     * scale-out is off.
     */
    public Long ownerEpoch() {
        return ownerEpoch;
    }

    public boolean isStoredInRedis() {
        return storedInRedis;
    }

    void storedInRedis() {
        storedInRedis = true;
    }
}
