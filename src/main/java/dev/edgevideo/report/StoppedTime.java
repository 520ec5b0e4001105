package dev.edgevideo.report;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;

/**
 * How long each camera has been STOPPED (its route stopped over JMX, or restarted for an edit) since its first
 * frame, from the camera registry's status changes: time the final report does not count against its rates.
 */
final class StoppedTime implements CameraRegistryListener {

    /** Per camera: milliseconds of the stops that ended. */
    private final Map<String, Long> endedMillis = new ConcurrentHashMap<>();
    /** Per camera stopped now: since when (epoch milliseconds). */
    private final Map<String, Long> stoppedSince = new ConcurrentHashMap<>();

    @Override
    public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        changed(previous, current, camera.firstFrameEpochMillis() > 0);
    }

    @Override
    public void onRemoved(CameraRuntime camera) {
        endedMillis.remove(camera.cameraId());
        stoppedSince.remove(camera.cameraId());
    }

    /** @param hadFrame whether the camera had its first frame: before it, the report counts no time anyway */
    void changed(CameraStatus previous, CameraStatus current, boolean hadFrame) {
        boolean wasStopped = previous.state() == CameraState.STOPPED;
        boolean isStopped = current.state() == CameraState.STOPPED;
        if (isStopped && !wasStopped && hadFrame) {
            stoppedSince.put(current.cameraId(), current.since().toEpochMilli());
        } else if (wasStopped && !isStopped) {
            Long since = stoppedSince.remove(current.cameraId());
            if (since != null) {
                endedMillis.merge(current.cameraId(), current.since().toEpochMilli() - since, Long::sum);
            }
        }
    }

    /** Seconds the camera has been stopped since its first frame; a stop going on counts up to {@code nowMillis}. */
    double seconds(String cameraId, long nowMillis) {
        Long since = stoppedSince.get(cameraId);
        return (endedMillis.getOrDefault(cameraId, 0L) + (since == null ? 0 : nowMillis - since)) / 1000.0;
    }
}
