package dev.edgevideo.sink;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.camera.CameraConstants;
import org.apache.camel.Message;

/**
 * The JSON published on the Redis channel for every frame stored. Field names are the seed system's, so its
 * existing consumers keep working: {@code camera_id, seq, timestamp, width, height, size_bytes, encoding,
 * redis_key}.
 */
public class FrameMetadata {

    /** Header carrying the Redis key of the frame, set by the route before the sinks. */
    public static final String REDIS_KEY_HEADER = "CamelEdgeVideoRedisKey";

    private final ObjectMapper mapper = new ObjectMapper();

    /** The metadata of the frame in the message, as UTF-8 JSON bytes (Redis values are raw bytes). */
    public byte[] json(Message message) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("camera_id", message.getHeader(CameraConstants.CAMERA_ID, String.class));
        fields.put("seq", message.getHeader(CameraConstants.SEQUENCE, Long.class));
        fields.put("timestamp", message.getHeader(CameraConstants.TIMESTAMP, Long.class));
        fields.put("width", message.getHeader(CameraConstants.WIDTH, Integer.class));
        fields.put("height", message.getHeader(CameraConstants.HEIGHT, Integer.class));
        fields.put("size_bytes", message.getBody(byte[].class).length);
        fields.put("encoding", "jpeg");
        fields.put("redis_key", message.getHeader(REDIS_KEY_HEADER, String.class));
        return mapper.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
    }
}
