package dev.edgevideo.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.edgevideo.camera.CameraEndpoint;
import dev.edgevideo.camera.UrlMasker;
import dev.edgevideo.settings.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks the camera entries of the routes directory before Camel creates a route from any of them, so a mistake
 * stops start-up with one line naming the file and the camera: a duplicate or invalid camera id, a missing url, an
 * unsupported url scheme, a file source that is not there and a {@code {{env:NAME}}} whose variable is unset. Camel
 * would report most of these without the file or the camera, several not at all (a duplicate id replaces the first
 * camera, a missing file only retries).
 * <p>
 * On hot reload the same check refuses the edit, the running cameras kept as they are (see
 * {@link TemplatedRoutesReloadStrategy}); there the url of an entry is checked only when the edit added or changed
 * it, because a file source that goes missing while its camera runs is a camera fault that is retried, not a
 * reason to refuse every later edit.
 */
final class CameraEntriesCheck {

    /** URL schemes FFmpeg opens for a camera here; a url without a scheme is a file path. */
    static final List<String> SCHEMES = List.of("rtsp", "rtsps", "rtmp", "http", "https", "file");

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([^:}]+)(:[^}]*)?}}");

    private CameraEntriesCheck() {
    }

    /**
     * Ids of every entry (unique and valid across the files), urls of the entries {@code checkUrl} accepts.
     *
     * @throws ConfigurationException naming the file, the camera and the fix of the first mistake
     */
    static void check(CamelContext context, Path routesDir, Predicate<TemplatedRouteDefinition> checkUrl)
            throws IOException {
        Map<String, Path> cameras = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(routesDir)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
        for (Path file : files) {
            for (TemplatedRouteDefinition entry : parse(context, file)) {
                String id = parameter(entry, "cameraId").orElse(entry.getRouteId());
                if (id == null || !CameraEndpoint.CAMERA_ID.matcher(id).matches()) {
                    throw new ConfigurationException("camera id '" + id + "' in " + file + " is invalid: "
                                                     + CameraEndpoint.CAMERA_ID_RULE);
                }
                Path other = cameras.putIfAbsent(id, file);
                if (other != null) {
                    throw new ConfigurationException("camera id '" + id + "' is declared twice (" + other
                                                     + (other.equals(file) ? "" : " and " + file)
                                                     + "): give each camera its own cameraId and routeId");
                }
                if (checkUrl.test(entry)) {
                    checkUrl(context, id, file, entry);
                }
            }
        }
    }

    // At start-up Camel has parsed every file by now (a YAML syntax error already stopped it), on reload the
    // strategy has parsed the edited one: this re-read only collects the entries with their file.
    private static List<TemplatedRouteDefinition> parse(CamelContext context, Path file) {
        try {
            return TemplatedRoutes.read(context,
                    ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
        } catch (Exception e) {
            throw new ConfigurationException("routes file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkUrl(CamelContext context, String id, Path file, TemplatedRouteDefinition entry) {
        String camera = "camera " + id + " in " + file;
        String url = parameter(entry, "url").filter(value -> !value.isBlank()).orElseThrow(
                () -> new ConfigurationException(camera + " has no url: add the parameter url (rtsp://, rtsps://,"
                                                 + " rtmp://, http(s):// or a file path)"));
        Matcher env = ENV_PLACEHOLDER.matcher(url);
        while (env.find()) {
            if (env.group(2) == null && System.getenv(env.group(1)) == null) {
                throw new ConfigurationException(camera + ": the url uses {{env:" + env.group(1) + "}} but the"
                                                 + " environment variable " + env.group(1) + " is not set: export it"
                                                 + " before starting");
            }
        }
        String resolved;
        try {
            resolved = context.resolvePropertyPlaceholders(url);
        } catch (RuntimeException e) {
            throw new ConfigurationException(camera + ": its url " + UrlMasker.mask(url) + " cannot be resolved: "
                                             + e.getMessage(), e);
        }
        Matcher scheme = SCHEME.matcher(resolved);
        String name = scheme.find() ? scheme.group(1).toLowerCase(Locale.ROOT) : "file";
        if (!SCHEMES.contains(name)) {
            throw new ConfigurationException(camera + ": url scheme '" + name + "' is not supported: use "
                                             + String.join("://, ", SCHEMES.subList(0, 5)) + ":// or a file path");
        }
        if (!name.equals("file")) {
            return;
        }
        Path source = Path.of(resolved.replaceFirst("^(?i)file:(//)?", "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new ConfigurationException(camera + ": file " + source + " does not exist: fix the url (a relative"
                                             + " path starts at " + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isReadable(source)) {
            throw new ConfigurationException(camera + ": file " + source + " is not readable by this user: fix its"
                                             + " permissions");
        }
    }

    private static Optional<String> parameter(TemplatedRouteDefinition entry, String name) {
        return entry.getParameters() == null ? Optional.empty() : entry.getParameters().stream()
                .filter(parameter -> name.equals(parameter.getName()))
                .map(TemplatedRouteParameterDefinition::getValue).findFirst();
    }
}
