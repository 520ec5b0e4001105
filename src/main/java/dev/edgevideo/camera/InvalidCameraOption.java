package dev.edgevideo.camera;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.PropertyBindingException;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Says what is wrong with a camera option: one whose value its checks refuse ({@link #require}), or one Camel could
 * not bind (a wrong type, e.g. {@code fps: "abc"}) in the words of the option's own declaration: its generated
 * catalog entry gives the type, the description and the default, so the message needs no list of its own. Instead
 * of Camel's {@code For input string: "abc"}: {@code camera cam2: fps = 'abc' is not valid: expected a number:
 * target output rate in frames per second (may be below 1), e.g. 2}.
 */
final class InvalidCameraOption {

    static final String CATALOG = "META-INF/dev/edgevideo/camera/camera.json";

    private InvalidCameraOption() {
    }

    /** Fails unless {@code valid}, naming the {@code owner}, the option and what it allows. */
    static void require(String owner, boolean valid, String option, String message) {
        if (!valid) {
            throw new IllegalArgumentException(owner + " option '" + option + "' " + message);
        }
    }

    /**
     * The error for a failed binding; the original failure is kept as a suppressed exception, not as the cause,
     * so that this message is the root an operator reads.
     */
    static IllegalArgumentException of(String cameraId, PropertyBindingException failure) {
        String option = failure.getPropertyName();
        IllegalArgumentException error = new IllegalArgumentException(
                "camera " + cameraId + ": " + option + " = '" + failure.getValue() + "' is not valid: expected "
                + expected(option));
        error.addSuppressed(failure);
        return error;
    }

    @SuppressWarnings("unchecked")
    static String expected(String option) {
        Map<?, ?> declared = (Map<?, ?>) catalog().getMap("properties").get(option);
        if (declared == null) {
            return "a value of the option's type";
        }
        String type = String.valueOf(declared.get("type"));
        Object defaultValue = declared.get("defaultValue");
        String expected = switch (type) {
            case "number" -> "a number";
            case "integer" -> "a whole number";
            case "boolean" -> "true or false";
            case "duration" -> "a duration such as 500ms, 10s or 5m";
            case "enum" -> "one of " + String.join(", ", (List<String>) declared.get("enum"));
            default -> "a " + type;
        };
        String description = firstSentence(String.valueOf(declared.get("description")));
        String example = defaultValue == null ? "" : switch (type) {
            case "number", "integer" -> ", e.g. " + number(defaultValue);
            case "duration" -> ", e.g. " + TimeUtils.printDuration(Long.parseLong(defaultValue.toString()), false);
            default -> "";
        };
        return expected + ": " + description + example;
    }

    private static String number(Object value) {
        double d = Double.parseDouble(value.toString());
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String firstSentence(String description) {
        int end = description.indexOf(". ");
        String sentence = end < 0 ? description.replaceAll("\\.$", "") : description.substring(0, end);
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static JsonObject catalog() {
        try (InputStream in = InvalidCameraOption.class.getClassLoader().getResourceAsStream(CATALOG);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return (JsonObject) Jsoner.deserialize(reader);
        } catch (Exception e) {
            throw new IllegalStateException(CATALOG + " cannot be read (a broken build?)", e);
        }
    }
}
