package dev.edgevideo.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.edgevideo.camera.CameraComponent;
import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraStatus;
import org.apache.camel.CamelContext;

/** The camera registry of a running service, as tests read it. */
public final class Cameras {

    private Cameras() {
    }

    /** The camera's registry entry; fails the test when the camera is not configured. */
    public static CameraRuntime camera(CameraComponent cameras, String cameraId) {
        return cameras.getRegistry().find(cameraId)
                .orElseThrow(() -> new AssertionError("camera " + cameraId + " is not in the registry"));
    }

    public static CameraRuntime camera(CamelContext context, String cameraId) {
        return camera(context.getComponent("camera", CameraComponent.class), cameraId);
    }

    /** Every status change of every camera from now on, in order. */
    public static List<CameraStatus> statusChanges(CameraComponent cameras) {
        List<CameraStatus> changes = new CopyOnWriteArrayList<>();
        cameras.getRegistry().addListener(new CameraRegistryListener() {
            @Override
            public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
                changes.add(current);
            }
        });
        return changes;
    }
}
