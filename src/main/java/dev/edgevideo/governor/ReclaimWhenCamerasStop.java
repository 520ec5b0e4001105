package dev.edgevideo.governor;

import java.util.Objects;

import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;

/**
 * Tells the governor when a camera stops capturing, so the memory its session freed is given back
 * ({@link MemoryGovernor#captureStopped()}). A camera reports {@link CameraState#STOPPED} once its consumer has
 * stopped, whether it was removed, stopped over JMX or handed to another node; a reconnect does not stop it.
 */
public final class ReclaimWhenCamerasStop implements CameraRegistryListener {

    private final MemoryGovernor governor;

    public ReclaimWhenCamerasStop(MemoryGovernor governor) {
        this.governor = Objects.requireNonNull(governor, "governor");
    }

    @Override
    public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        if (current.state() == CameraState.STOPPED && previous.state() != CameraState.STOPPED) {
            governor.captureStopped();
        }
    }
}
