package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A routes directory for a test: the repository's real routes (pipeline template, APIs) with the test's own cameras.
 */
public final class RoutesDir {

    private static final String CAMERAS_FILE = "cameras.camel.yaml";

    private RoutesDir() {
    }

    /** Copies every route file of {@code routes/} but the cameras into {@code dir} and writes a cameras file. */
    public static Path withCameras(Path dir, String... cameraEntries) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> routes =
                Files.newDirectoryStream(RunningService.home().resolve("routes"), "*.camel.yaml")) {
            for (Path route : routes) {
                if (!route.getFileName().toString().equals(CAMERAS_FILE)) {
                    Files.copy(route, dir.resolve(route.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        rewriteCameras(dir, cameraEntries);
        return dir;
    }

    /** One camera entry of a cameras file. */
    public static String camera(String id, String url, String... extraParameters) {
        StringBuilder yaml = new StringBuilder()
                .append("- templatedRoute:\n")
                .append("    routeTemplateRef: camera-pipeline\n")
                .append("    routeId: ").append(id).append('\n')
                .append("    parameters:\n")
                .append("      - name: cameraId\n        value: ").append(id).append('\n')
                .append("      - name: url\n        value: \"").append(url).append("\"\n");
        for (int i = 0; i + 1 < extraParameters.length; i += 2) {
            yaml.append("      - name: ").append(extraParameters[i]).append("\n        value: \"")
                    .append(extraParameters[i + 1]).append("\"\n");
        }
        return yaml.toString();
    }

    /** Replaces the cameras of {@code dir} (and nothing else: the template stays as it is, so only cameras reload). */
    public static void rewriteCameras(Path dir, String... cameraEntries) throws IOException {
        Files.writeString(dir.resolve(CAMERAS_FILE), String.join("\n", cameraEntries));
    }

    /** Appends text to the cameras file, as an operator editing it would. */
    public static void append(Path dir, String text) throws IOException {
        Files.writeString(dir.resolve(CAMERAS_FILE), "\n" + text, StandardOpenOption.APPEND);
    }
}
