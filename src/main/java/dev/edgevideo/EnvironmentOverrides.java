package dev.edgevideo;

import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Environment variables that override configuration keys: a key of the properties file (or of the shipped one)
 * is overridden by the variable named like it in upper case with dots and dashes as underscores
 * ({@code camel.server.port} by {@code CAMEL_SERVER_PORT}). A JVM system property of the key wins over the
 * variable.
 * <p>
 * Needed because camel-main (4.18) binds {@code camel.*} keys from the environment only in part: it skips every
 * variable ending in {@code _PORT} (taking it for a Kubernetes service link), so {@code CAMEL_SERVER_PORT} and
 * {@code CAMEL_MANAGEMENT_PORT} were ignored while {@code CAMEL_SERVER_HOST} worked. Going from the known keys
 * to their variable, not from variables to guessed keys, also keeps dashes and dots apart. An {@code EDGEVIDEO_*}
 * variable of no key stops start-up ({@link #checkVariablesKnown}). Canary:
 * {@code CamelWorkaroundsCanaryTest.camelMainSkipsEnvironmentVariablesEndingInPort}.
 */
public final class EnvironmentOverrides {

    private static final String VARIABLE_PREFIX = "EDGEVIDEO_";

    private EnvironmentOverrides() {
    }

    /** The overrides for the keys of {@code propertiesFile} and of the shipped file. */
    public static Map<String, String> of(Path propertiesFile, Map<String, String> environment,
                                         Properties systemProperties) {
        Set<String> keys = new TreeSet<>(KnownSettings.read(propertiesFile).stringPropertyNames());
        keys.addAll(KnownKeys.shipped().keys());
        checkVariablesKnown(keys, environment);
        return of(keys, environment, systemProperties);
    }

    /**
     * An {@code EDGEVIDEO_*} variable that is no key's (a typo, which would otherwise leave the intended key at its
     * default without a word) stops start-up naming the closest known variable, as an unknown key of the file does.
     */
    static void checkVariablesKnown(Set<String> keys, Map<String, String> environment) {
        Set<String> variables = keys.stream().map(KnownKeys::environmentVariable).collect(Collectors.toSet());
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (variable.startsWith(VARIABLE_PREFIX) && !variables.contains(variable)
                && !KnownKeys.LAUNCHER_VARIABLES.contains(variable)) {
                throw new ConfigurationException("unknown environment variable " + variable + ": "
                        + KnownKeys.shipped().closest(variable, "edgevideo.", KnownKeys::environmentVariable)
                                .map(key -> "did you mean " + KnownKeys.environmentVariable(key) + " (" + key + ")?")
                                .orElse("unset it (docs/configuration.md lists the keys)"));
            }
        }
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
