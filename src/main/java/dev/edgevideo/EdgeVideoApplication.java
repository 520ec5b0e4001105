package dev.edgevideo;

import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import dev.edgevideo.http.HttpServersCheck;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * How camel-main boots the service, shared by {@link EdgeVideoMain} and the tests so both boot the same thing: the
 * composition root ({@link EdgeVideoWiring}) and routes read from a directory on the file system (hot-reloaded).
 */
public final class EdgeVideoApplication {

    /** Name of the properties file in the configuration directory. */
    public static final String PROPERTIES_FILE = "application.properties";

    private EdgeVideoApplication() {
    }

    /** The key (and, upper-cased, the environment variable) naming the profile, as in camel-main. */
    public static final String PROFILE_KEY = "camel.main.profile";

    /** The property placeholder location of the configuration directory's properties file. */
    public static String propertiesLocation(Path configDir) {
        return "file:" + propertiesFile(configDir);
    }

    /**
     * The property placeholder locations for a profile: {@code application-<profile>.properties} of the
     * configuration directory, then the properties file. The first location that has a key wins, so the
     * profile's file comes first, as camel-main orders it. camel-main (4.18) reads a profile's file only when it
     * chooses the locations itself, on the class path; ours are files, so they are added here (canary:
     * {@code CamelWorkaroundsCanaryTest.camelMainReadsNoProfileFileBesideAGivenPropertiesLocation}).
     *
     * @param profile the profile, or {@code null} / empty for none
     */
    public static String propertiesLocation(Path configDir, String profile) {
        String base = propertiesLocation(configDir);
        if (profile == null || profile.isBlank()) {
            return base;
        }
        Path file = configDir.toAbsolutePath().normalize().resolve("application-" + profile.trim() + ".properties");
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("profile " + profile.trim() + " has no " + file.getFileName() + " in "
                                             + file.getParent());
        }
        return "file:" + file + "," + base;
    }

    /**
     * The profile chosen: {@code --profile NAME}, else the {@code camel.main.profile} system property, else the
     * {@code CAMEL_MAIN_PROFILE} variable; {@code null} for none.
     */
    public static String profile(String argument, Map<String, String> environment, Properties systemProperties) {
        String variable = environment.get(KnownKeys.environmentVariable(PROFILE_KEY));
        return argument != null ? argument : systemProperties.getProperty(PROFILE_KEY, variable);
    }

    /** The configuration directory's properties file; fails naming the option when it is not there. */
    public static Path propertiesFile(Path configDir) {
        Path file = configDir.toAbsolutePath().normalize().resolve(PROPERTIES_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("configuration file " + file + " not found: pass --config DIR with"
                                               + " the directory holding " + PROPERTIES_FILE);
        }
        return file;
    }

    /**
     * Adds the configuration classes and reads routes from {@code routesDir}, watching it for changes.
     * Connection beans are created by the composition root ({@link EdgeVideoWiring}), not in the watched directory,
     * so a route reload never tears down a live connection factory.
     */
    public static void configure(MainConfigurationProperties main, Path routesDir) {
        Path routes = routesDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(routes)) {
            throw new ConfigurationException("routes directory " + routes + " not found: pass --routes DIR with"
                                               + " the directory holding the *.camel.yaml routes");
        }
        // The composition root is added here, not found by class-path scanning.
        main.setBasePackageScanEnabled(false);
        main.withRoutesIncludePattern("file:" + routes + "/*.camel.yaml");
        main.withRoutesReloadDirectory(routes.toString());
        main.withRoutesReloadPattern("*.camel.yaml");
        main.addMainListener(new HttpServersCheck());
        main.addConfiguration(new EdgeVideoWiring(routes));
    }
}
