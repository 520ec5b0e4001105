package dev.edgevideo.sink;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.CameraRegistryListener;
import dev.edgevideo.camera.CameraRuntime;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CircuitState;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every real change of a camera's status (from the camera registry) to the {@code camera-status-events}
 * route of {@code routes/camera-events.camel.yaml}, which marshals it to JSON and publishes it on the
 * {@code edgevideo.rabbitmq.events-exchange} topic exchange with the routing key chosen here.
 * With a system routing key set, a {@code system_status} event follows whenever the number of active cameras
 * changes. The events' fields in both formats are described in docs/wire-formats.md.
 * <p>
 * The hand-over is to a bounded in-memory queue that discards when full ({@value #ENDPOINT}), never waiting: the
 * change is reported on the camera's grab thread, which a broker outage must not slow. Only while Camel stops does
 * it wait for the event to be published ({@link #ENDPOINT_WHILE_STOPPING}).
 */
public class CameraStatusEvents implements CameraRegistryListener {

    private static final Logger LOG = LoggerFactory.getLogger(CameraStatusEvents.class);
    private static final String EVENT_TYPE = "camera_status";
    /** Where events are handed to the route: bounded, and a full queue drops the event instead of blocking. */
    static final String ENDPOINT = "seda:camera-status?size=1000&blockWhenFull=false&discardWhenFull=true";
    /**
     * The same queue while Camel stops, but the hand-over waits (bounded) until the route has published the event:
     * the cameras' STOPPED events are out before Camel's graceful shutdown looks for exchanges in flight, which it
     * does once a second, so an event still in flight there would cost the shutdown a whole second.
     */
    static final String ENDPOINT_WHILE_STOPPING = ENDPOINT + "&waitForTaskToComplete=Always&timeout=2000";
    /** The header the route publishes with. */
    static final String ROUTING_KEY = "CamelSpringRabbitmqRoutingOverrideKey";
    /** Where the camera id goes in {@code edgevideo.rabbitmq.status-routing-key}. */
    static final String CAMERA_ID_PLACEHOLDER = "{cameraId}";

    private final ProducerTemplate producer;
    private final CameraRegistry cameras;
    private final WireFormat format;
    private final String statusRoutingKey;
    private final String systemRoutingKey;
    private final ZoneId zone;
    /** Active cameras in the last system event; -1 before the first. Guarded by {@code this}. */
    private int lastActive = -1;

    /**
     * @param statusRoutingKey routing key of camera events; {@value #CAMERA_ID_PLACEHOLDER} is the camera id
     * @param systemRoutingKey routing key of system events; empty for none
     */
    public CameraStatusEvents(ProducerTemplate producer, CameraRegistry cameras, WireFormat format,
                              String statusRoutingKey, String systemRoutingKey, ZoneId zone) {
        this.producer = producer;
        this.cameras = cameras;
        this.format = format;
        this.statusRoutingKey = statusRoutingKey;
        this.systemRoutingKey = systemRoutingKey.trim();
        this.zone = zone;
    }

    @Override
    public void onStatusChanged(CameraRuntime camera, CameraStatus previous, CameraStatus current) {
        try {
            producer.sendBodyAndHeader(endpoint(), format == WireFormat.SEED ? seedEvent(current, zone)
                    : event(current), ROUTING_KEY, statusRoutingKey.replace(CAMERA_ID_PLACEHOLDER, current.cameraId()));
        } catch (CamelExecutionException e) {
            if (!producer.getCamelContext().isStopping()) {
                throw e;
            }
            // A shutdown that ran out of time stops the events route before the cameras: their last events are
            // lost, which a line per camera would not change.
            LOG.debug("Camera {}: {} event not published while Camel stops: {}", current.cameraId(), current.state(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return;
        }
        systemChanged();
    }

    @Override
    public void onRemoved(CameraRuntime camera) {
        systemChanged();
    }

    private void systemChanged() {
        if (systemRoutingKey.isEmpty()) {
            return;
        }
        List<CameraRuntime> all = cameras.cameras();
        int active = (int) all.stream().filter(camera -> camera.status().state().isUp()).count();
        Map<String, Object> event;
        synchronized (this) {
            if (active == lastActive) {
                return;
            }
            lastActive = active;
            event = systemEvent(all.size(), active, Instant.now(), zone);
        }
        producer.sendBodyAndHeader(endpoint(), event, ROUTING_KEY, systemRoutingKey);
    }

    private String endpoint() {
        return producer.getCamelContext().isStopping() ? ENDPOINT_WHILE_STOPPING : ENDPOINT;
    }

    /** The native event as the JSON object it becomes, field names as in seed 001. */
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

    /** The seed event: the original's fields, zero failures and no error left out as its JSON does. */
    static Map<String, Object> seedEvent(CameraStatus status, ZoneId zone) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_type", EVENT_TYPE);
        fields.put("camera_id", status.cameraId());
        fields.put("timestamp", WireFormat.rfc3339(nanos(status.since()), zone));
        String state = seedState(status);
        fields.put("state", state);
        if (status.consecutiveFailures() > 0) {
            fields.put("consecutive_failures", status.consecutiveFailures());
        }
        if (status.lastError() != null && !status.lastError().isEmpty()) {
            fields.put("last_error", status.lastError());
        }
        fields.put("message", message(status, state));
        return fields;
    }

    static Map<String, Object> systemEvent(int total, int active, Instant now, ZoneId zone) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event_type", "system_status");
        fields.put("timestamp", WireFormat.rfc3339(nanos(now), zone));
        fields.put("total_cameras", total);
        fields.put("active_cameras", active);
        fields.put("inactive_cameras", total - active);
        fields.put("message", active + " of " + total + " cameras active");
        return fields;
    }

    /**
     * {@code active} while frames flow (or the memory governor holds them on purpose), {@code offline} once the
     * circuit gave up on the camera or it is stopped, {@code inactive} while it connects or retries.
     */
    static String seedState(CameraStatus status) {
        if (status.state().isUp()) {
            return "active";
        }
        if (status.circuit() == CircuitState.OPEN || status.state() == CameraState.STOPPED) {
            return "offline";
        }
        return "inactive";
    }

    private static String message(CameraStatus status, String state) {
        String stateName = status.state().name().toLowerCase(Locale.ROOT);
        return "camera " + status.cameraId() + " " + switch (state) {
            case "active" -> "streaming";
            case "offline" -> "offline (" + stateName + ", circuit "
                              + status.circuit().name().toLowerCase(Locale.ROOT) + ")";
            default -> stateName;
        };
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
