package dev.edgevideo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own JVM, started the way {@code bin/edge-video} starts it ({@code EdgeVideoMain} with
 * {@code --config} and {@code --routes}) from {@code target/classes} and {@code target/lib}, on free ports unless
 * the test sets them. For what only a real process shows: its exit code, stderr, environment variables.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A configuration directory holding the repository's {@code application.properties} with lines appended. */
    public static Path config(Path dir, String... extraLines) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("application.properties");
        Files.copy(RunningService.home().resolve("config/application.properties"), file);
        Files.writeString(file, "\n" + String.join("\n", extraLines) + "\n", java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    /**
     * Starts the service. {@code jvmOptions} are {@code -Dkey=value} flags; {@code camel.server.port} and
     * {@code camel.management.port} get free ports unless given there or in {@code environment}.
     */
    public static ServiceProcess start(Path work, Path configDir, Path routesDir, Map<String, String> environment,
                                       String... jvmOptions) throws IOException {
        return start(work, configDir, routesDir, environment, List.of(), jvmOptions);
    }

    /** Starts the service with more program arguments after {@code --config} and {@code --routes}. */
    public static ServiceProcess start(Path work, Path configDir, Path routesDir, Map<String, String> environment,
                                       List<String> arguments, String... jvmOptions) throws IOException {
        Path home = RunningService.home();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> options = List.of(jvmOptions);
        if (!environment.containsKey("CAMEL_SERVER_PORT") && options.stream().noneMatch(o -> o.startsWith("-Dcamel.server.port="))) {
            command.add("-Dcamel.server.port=" + FreePorts.next());
        }
        if (!environment.containsKey("CAMEL_MANAGEMENT_PORT")
            && options.stream().noneMatch(o -> o.startsWith("-Dcamel.management.port="))) {
            command.add("-Dcamel.management.port=" + FreePorts.next());
        }
        command.addAll(options);
        command.addAll(List.of("-cp", home.resolve("target/classes") + ":" + home.resolve("target/lib") + "/*",
                "dev.edgevideo.EdgeVideoMain", "--config", configDir.toString(), "--routes", routesDir.toString()));
        command.addAll(arguments);
        Path stdout = Files.createTempFile(work, "stdout", ".log");
        Path stderr = Files.createTempFile(work, "stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), stdout, stderr);
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int exitCode() throws InterruptedException, IOException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the service is still running after 60 s; stdout:\n" + stdout());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> stderrLines() throws IOException {
        return Files.readAllLines(stderr);
    }

    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    /** stdout and stderr, for assertion messages. */
    public String output() throws IOException {
        return stdout() + "\n--- stderr ---\n" + Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
