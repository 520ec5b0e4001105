package dev.edgevideo.camera;

/**
 * Tells a camera how many frames per second it may deliver right now.
 * <p>
 * The memory governor implements it. The camera asks before sampling, so frames that would only be thrown
 * away downstream are never encoded (the route's throttle EIP, fed by the same bean, stays the guard).
 */
public interface FrameRateCap {

    /** A cap that always allows the camera's own rate. */
    FrameRateCap NONE = requestedFps -> requestedFps;

    /** The rate to sample at now, at most {@code requestedFps} (the camera's configured target rate). */
    double allowedFps(double requestedFps);

    /**
     * Whether cameras are paused (held at the slowest rate until memory recovers), which they then report as
     * their state {@link CameraState#PAUSED}.
     */
    default boolean isPaused() {
        return false;
    }
}
