package dev.edgevideo.sink;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraStatus;
import org.apache.camel.ProducerTemplate;

/**
 * Feeds every real change of a camera's status (from the camera registry) to the {@code camera-status-events}
 * route of {@code routes/camera-events.camel.yaml}, which marshals it to JSON and publishes it on the
 * {@code edgevideo.events} topic exchange. The event's fields are those of seed 001: {@code event_type, camera_id,
 * timestamp} (epoch ms, as in frame metadata) {@code , state, circuit_state, consecutive_failures, last_error}.
 * <p>
 * The hand-over is to a bounded in-memory queue that discards when full ({@value #ENDPOINT}), never waiting: the
 * change is reported on the camera's grab thread, which a broker outage must not slow.
 */
public class CameraStatusEvents implements CameraRegistryListener {

    /** Event type field value. */
    public static final String EVENT_TYPE = "camera_status";
    /** Where events are handed to the route: bounded, and a full queue drops the event instead of blocking. */
    static final String ENDPOINT = "seda:camera-status?size=1000&blockWhenFull=false&discardWhenFull=true";

    private final ProducerTemplate producer;

    public CameraStatusEvents(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        producer.sendBody(ENDPOINT, event(current));
    }

    /** The event as the JSON object it becomes, field names as in seed 001. */
    static Map<String, Object> event(CameraStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_type", EVENT_TYPE);
        fields.put("camera_id", status.cameraId());
        fields.put("timestamp", status.since().toEpochMilli());
        fields.put("state", status.state().name());
        fields.put("circuit_state", status.circuit().name());
        fields.put("consecutive_failures", status.consecutiveFailures());
        fields.put("last_error", status.lastError());
        return fields;
    }
}
