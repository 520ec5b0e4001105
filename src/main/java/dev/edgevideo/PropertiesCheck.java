package dev.edgevideo;

import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Checks the {@code edgevideo.*} keys before anything uses them: a key of the properties file that the service
 * does not know (a typo, which would otherwise leave the intended key at its default without a word) stops
 * start-up naming the closest known key; a numeric or boolean key that does not parse stops it naming the key,
 * the value, the expected type and where to fix it, instead of Camel's bare "cannot convert 'fast' to int".
 * Added first, so it runs before the configurations that read the keys. ({@code edgevideo.memory.*} values are
 * checked by the memory governor's own configuration, the sinks' as their settings classes are bound.)
 */
public class PropertiesCheck implements CamelConfiguration {

    private static final String PREFIX = "edgevideo.";

    /** Keys the service reads as numbers or booleans, with their types. */
    static final Map<String, Class<?>> TYPED_KEYS = Map.ofEntries(
            Map.entry("edgevideo.camera.default-fps", Double.class),
            Map.entry("edgevideo.camera.max-concurrent-reconnects", Integer.class),
            Map.entry("edgevideo.throttle.period-ms", Long.class));

    /** The typed {@code edgevideo.*} settings in force, by key; fails naming the first key that does not parse. */
    @BindToRegistry("edgevideoTypedProperties")
    public Map<String, Object> typedProperties(CamelContext camelContext) throws IOException {
        String file = "config/" + EdgeVideoApplication.PROPERTIES_FILE;
        for (String location : camelContext.getPropertiesComponent().getLocations()) {
            if (location.startsWith("file:")) {
                file = location.substring("file:".length());
                checkKeysKnown(Path.of(file));
            }
        }
        String where = file;
        Map<String, Object> values = new LinkedHashMap<>();
        TYPED_KEYS.forEach((key, type) -> camelContext.getPropertiesComponent().resolveProperty(key)
                .ifPresent(value -> values.put(key, parse(key, value.trim(), type, where))));
        return values;
    }

    static void checkKeysKnown(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        KnownKeys known = KnownKeys.shipped();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith(PREFIX) && !known.contains(key)) {
                throw new ConfigurationException("unknown key " + key + " in " + file + ": "
                                                 + known.closest(key, PREFIX).map(k -> "did you mean " + k + "?")
                                                         .orElse("remove it (docs/configuration.md lists the keys)"));
            }
        }
    }

    static Object parse(String key, String value, Class<?> type, String file) {
        try {
            if (type == Boolean.class) {
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(value);
                }
                throw new NumberFormatException(value);
            }
            if (type == Double.class) {
                return Double.valueOf(value);
            }
            return type == Integer.class ? (Object) Integer.valueOf(value) : Long.valueOf(value);
        } catch (NumberFormatException e) {
            String expected = type == Boolean.class ? "true or false"
                    : type == Double.class ? "a decimal number" : "a whole number";
            String variable = KnownKeys.environmentVariable(key);
            throw new ConfigurationException(key + " = '" + value + "' is not valid: expected " + expected
                                               + "; fix it in " + file
                                               + " (or the environment variable " + variable + ")", e);
        }
    }
}
