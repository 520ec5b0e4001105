package dev.edgevideo.camera;

/**
 * Told every change of a camera's state or circuit. Beans of this type in the registry are picked up by the
 * camera component when it starts; others register with {@link CameraComponent#onStatusChange}.
 * Called on the camera's grab thread: return quickly, hand slow work (network) to another thread.
 */
@FunctionalInterface
public interface CameraStatusListener {

    void statusChanged(CameraStatus status);
}
