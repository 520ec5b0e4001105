package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The status page as a browser renders it: Debian's headless Chromium, which {@code bin/test} installs. Without it
 * the tests that use it fail rather than passing unseen.
 */
public final class Chromium {

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private Chromium() {
    }

    /** The page's DOM after its scripts have run for 4 s of virtual time. */
    public static String dom(String url) throws IOException, InterruptedException {
        return run("--dump-dom", "--virtual-time-budget=4000", url);
    }

    /** Runs headless Chromium with the arguments and returns its standard output. */
    public static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary()));
        command.addAll(FLAGS);
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("chromium", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish in 60 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + process.exitValue() + ": " + command);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError(
                "Chromium is not installed: run bin/test (it installs it) or apt-get install chromium");
    }
}
