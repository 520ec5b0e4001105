package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A routes directory for a test: the repository's real routes (pipeline template, API) plus the test's own cameras. */
public final class RoutesDir {

    private RoutesDir() {
    }

    /** Copies the repository's routes except its cameras into {@code dir} and writes a cameras file. */
    public static Path withCameras(Path dir, String... cameraEntries) throws IOException {
        Files.createDirectories(dir);
        for (String file : new String[] {"camera-pipeline.camel.yaml", "api.camel.yaml"}) {
            Files.copy(RunningService.home().resolve("routes").resolve(file), dir.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("cameras.camel.yaml"), String.join("\n", cameraEntries));
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
