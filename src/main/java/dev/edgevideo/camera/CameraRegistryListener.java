package dev.edgevideo.camera;

/**
 * Told when a camera enters or leaves the {@link CameraRegistry}, and of every change of its status. Called on the
 * thread that caused the event (a camera's grab thread for status changes): return quickly and hand slow work
 * (network) to another thread. An exception is logged and the registry carries on.
 */
public interface CameraRegistryListener {

    /** A camera was configured: its first endpoint started. */
    default void onAdded(CameraRuntime camera) {
    }

    /** A camera is no longer configured: its last endpoint went and no new one came within the grace period. */
    default void onRemoved(CameraRuntime camera) {
    }

    /** A camera's state, circuit or failures changed. */
    default void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
    }
}
