package dev.edgevideo.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.StatusService;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Answers {@code /api/v1/*}. JSON answers are objects that the REST binding turns into JSON with Jackson; a
 * snapshot is the camera's newest JPEG as it is in memory.
 * <p>
 * Errors are written to JSON here, also with Jackson, because the REST binding only marshals 2xx answers.
 */
public class CamerasApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bean name used by {@code routes/api.camel.yaml}. */
    public static final String BEAN = "camerasApi";

    private final StatusService status;

    /** The JSON body of an API error: the HTTP status, and what went wrong for people. */
    record ApiError(int status, String error) {
    }

    public CamerasApi(StatusService status) {
        this.status = status;
    }

    /** {@code GET /api/v1/cameras}. */
    public List<CameraView> cameras() {
        return status.cameras();
    }

    /** {@code GET /api/v1/cameras/{id}}: the camera, or 404. */
    public Object camera(@Header("id") String id, Exchange exchange) {
        return status.camera(id).<Object>map(camera -> camera).orElseGet(() -> unknownCamera(id, exchange));
    }

    /** {@code GET /api/v1/cameras/{id}/snapshot.jpg}: the newest JPEG, or 404 when unknown or before a frame. */
    public Object snapshot(@Header("id") String id, Exchange exchange) {
        if (status.camera(id).isEmpty()) {
            return unknownCamera(id, exchange);
        }
        return status.snapshot(id).<Object>map(jpeg -> {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "image/jpeg");
            exchange.getMessage().setHeader("Cache-Control", "no-store");
            return jpeg;
        }).orElseGet(() -> error(404, "camera " + id + " has no frame yet", exchange));
    }

    /** {@code GET /api/v1/status}: cameras, sinks, memory and process in one answer, for the status page. */
    public ServiceOverview overview() {
        return new ServiceOverview(status.cluster().nodeId(),
                Duration.between(status.startedAt(), Instant.now()).toSeconds(), status.cameras(), status.sinks(),
                status.memory(), status.system());
    }

    private static String unknownCamera(String id, Exchange exchange) {
        return error(404, "unknown camera '" + id + "'", exchange);
    }

    private static String error(int code, String message, Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return JSON.writeValueAsString(new ApiError(code, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an API error as JSON", e);
        }
    }
}
