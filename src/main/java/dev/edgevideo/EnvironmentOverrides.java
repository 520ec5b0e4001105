package dev.edgevideo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Environment variables that override configuration keys: a key of the properties file (or of the shipped one)
 * is overridden by the variable named like it in upper case with dots and dashes as underscores
 * ({@code camel.server.port} by {@code CAMEL_SERVER_PORT}). A JVM system property of the key wins over the
 * variable.
 * <p>
 * Needed because camel-main 4.17 binds {@code camel.*} keys from the environment only in part: it skips every
 * variable ending in {@code _PORT} (taking it for a Kubernetes service link), so {@code CAMEL_SERVER_PORT} and
 * {@code CAMEL_MANAGEMENT_PORT} were ignored while {@code CAMEL_SERVER_HOST} worked. Going from the known keys
 * to their variable, not from variables to guessed keys, also keeps dashes and dots apart.
 */
public final class EnvironmentOverrides {

    private EnvironmentOverrides() {
    }

    /** The overrides for the keys of {@code propertiesFile} and of the shipped file. */
    public static Map<String, String> of(Path propertiesFile, Map<String, String> environment,
                                         Properties systemProperties) throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile)) {
            file.load(reader);
        }
        Set<String> keys = new TreeSet<>(file.stringPropertyNames());
        keys.addAll(KnownKeys.shipped().keys());
        return of(keys, environment, systemProperties);
    }

    static Map<String, String> of(Set<String> keys, Map<String, String> environment, Properties systemProperties) {
        Map<String, String> overrides = new TreeMap<>();
        for (String key : keys) {
            String value = environment.get(KnownKeys.environmentVariable(key));
            if (value != null && systemProperties.getProperty(key) == null) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }
}
