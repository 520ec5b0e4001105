package dev.edgevideo.sink;

import java.nio.charset.StandardCharsets;

/**
 * With scale-out on, a camera's {@code <prefix>:<cameraId>:latest} never goes back to a lower ownership epoch: an
 * instance that lost the camera while it was paused cannot overwrite the new owner's picture with its late frame.
 * One Lua script, run atomically by Redis: it writes the JPEG (with its TTL, as {@code SETEX}) only when the frame's
 * epoch is not below the highest one written, kept in {@code <prefix>:<cameraId>:latest:epoch} (no TTL: one small
 * key per camera, so the guard holds however long a paused instance sleeps). Epochs travel as 19-digit,
 * zero-padded strings and are compared as strings: exact for any long, where Lua's numbers are doubles.
 * <p>
 * {@code EVAL script 2 <latest key> <epoch key> <epoch> <ttl seconds> <jpeg>}; the reply is 1 when written, 0 when
 * the frame was older than the picture's owner. A frame without an epoch (cluster off) is written with
 * {@code SETEX} as before.
 */
final class LatestGuard {

    static final String SCRIPT = """
            local seen = redis.call('GET', KEYS[2])
            if seen and ARGV[1] < seen then
              return 0
            end
            redis.call('SETEX', KEYS[1], ARGV[2], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[1])
            return 1
            """;

    static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);

    private LatestGuard() {
    }

    /** The key that keeps the highest epoch written to {@code latestKey}. */
    static String epochKey(String latestKey) {
        return latestKey + ":epoch";
    }

    /**
     * The script's keys then arguments, for {@code EVAL script 2 ...}: the camera's {@code :latest} key and its
     * epoch key, the epoch as compared, the TTL and the JPEG.
     */
    static byte[][] keysAndArgs(String latestKey, long epoch, long ttlSeconds, byte[] jpeg) {
        return new byte[][] {bytes(latestKey), bytes(epochKey(latestKey)), bytes(String.format("%019d", epoch)),
                             bytes(Long.toString(ttlSeconds)), jpeg};
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
