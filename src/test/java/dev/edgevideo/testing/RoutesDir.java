package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A routes directory for a test: the repository's real pipeline template plus the test's own cameras. */
public final class RoutesDir {

    private RoutesDir() {
    }

    /** Copies {@code routes/camera-pipeline.camel.yaml} into {@code dir} and writes a cameras file. */
    public static Path withCameras(Path dir, String... cameraEntries) throws IOException {
        Files.createDirectories(dir);
        Files.copy(RunningService.home().resolve("routes/camera-pipeline.camel.yaml"),
                dir.resolve("camera-pipeline.camel.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("cameras.camel.yaml"), String.join("\n", cameraEntries));
        return dir;
    }

    /** Adds the repository's cameras API routes ({@code routes/api.camel.yaml}) to {@code dir}. */
    public static Path withApi(Path dir) throws IOException {
        Files.copy(RunningService.home().resolve("routes/api.camel.yaml"), dir.resolve("api.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
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

    /** Appends text to the cameras file, as an operator editing it would. */
    public static void append(Path dir, String text) throws IOException {
        Files.writeString(dir.resolve("cameras.camel.yaml"), "\n" + text, StandardOpenOption.APPEND);
    }
}
