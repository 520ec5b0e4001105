package dev.edgevideo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import dev.edgevideo.cluster.ClusterSettings;
import dev.edgevideo.governor.MemoryGovernorSettings;
import dev.edgevideo.http.OpenManagementPaths;
import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.Settings;
import dev.edgevideo.sink.RabbitMqSettings;
import dev.edgevideo.sink.RedisSettings;
import dev.edgevideo.sink.WireSettings;
import org.apache.camel.CamelContext;

/**
 * The service's settings classes, each with its key prefix: the one list the known {@code edgevideo.*} keys are
 * derived from. A key of a properties file under {@code edgevideo.} that no settings class has (a typo, which would
 * otherwise leave the intended key at its default without a word) stops start-up naming the closest known key.
 */
final class KnownSettings {

    /** Prefix and settings class of every group; {@link ServiceSettings} holds the small groups of no one feature. */
    static final Map<String, Class<?>> GROUPS = Map.of(
            ServiceSettings.PREFIX, ServiceSettings.class,
            ClusterSettings.PREFIX, ClusterSettings.class,
            MemoryGovernorSettings.PREFIX, MemoryGovernorSettings.class,
            OpenManagementPaths.PREFIX, OpenManagementPaths.class,
            RabbitMqSettings.PREFIX, RabbitMqSettings.class,
            RedisSettings.PREFIX, RedisSettings.class,
            WireSettings.PREFIX, WireSettings.class);

    private static final String PREFIX = "edgevideo.";

    private KnownSettings() {
    }

    /** Every {@code edgevideo.*} key the service reads. */
    static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        GROUPS.forEach((prefix, settingsClass) -> keys.addAll(Settings.keys(prefix, settingsClass).keySet()));
        return keys;
    }

    static void checkFilesHaveNoUnknownKey(CamelContext camelContext) {
        for (String location : camelContext.getPropertiesComponent().getLocations()) {
            if (location.startsWith("file:")) {
                checkKeysKnown(Path.of(location.substring("file:".length())));
            }
        }
    }

    static void checkKeysKnown(Path file) {
        Set<String> known = keys();
        for (String key : new TreeSet<>(read(file).stringPropertyNames())) {
            if (key.startsWith(PREFIX) && !known.contains(key)) {
                throw new ConfigurationException("unknown key " + key + " in " + file + ": "
                        + KnownKeys.closest(key, known).map(k -> "did you mean " + k + "?")
                                .orElse("remove it (docs/configuration.md lists the keys)"));
            }
        }
    }

    static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
