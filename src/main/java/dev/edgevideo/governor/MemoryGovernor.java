package dev.edgevideo.governor;

import dev.edgevideo.camera.FrameRateCap;

/**
 * Decides each camera's allowed frame rate.
 * <p>
 * For now every camera may run at its own rate; memory levels and their caps plug in here without changing
 * the routes or the cameras, which already ask this bean.
 */
public class MemoryGovernor implements FrameRateCap {

    @Override
    public double allowedFps(String cameraId, double requestedFps) {
        return requestedFps;
    }

    /**
     * The throttle EIP's permit count: how many frames the camera may pass per throttle period.
     * Rates below one frame per period round up to one, so the period must be at least as long as the slowest
     * interval wanted (2 s for 0.5 fps).
     *
     * @param cameraId     the camera
     * @param cameraFps    the camera's configured rate
     * @param periodMillis the throttle's time period
     */
    public long maxFramesPerPeriod(String cameraId, double cameraFps, long periodMillis) {
        double allowed = allowedFps(cameraId, cameraFps);
        return Math.max(1, Math.round(allowed * periodMillis / 1000d));
    }
}
