package dev.edgevideo.testing;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.remote.JMXServiceURL;

/**
 * The service as its own JVM: the one way the tests and the bench start it as a process. For what only a real
 * process shows: its exit code, stderr, environment variables, signals, remote JMX, its footprint, several
 * instances in a cluster. (In-process starts are {@link RunningService}.)
 * <p>
 * Two launchers, everything else alike: {@code --config} and {@code --routes} when given (else the checkout's
 * {@code config/} and {@code routes/}), more program arguments after them, the HTTP and management servers on
 * free ports unless given, this process's environment plus the given variables, the checkout as working
 * directory.
 * <ul>
 * <li>{@link Launcher#CLASSES} (the default): {@code java -cp target/classes:target/lib/* dev.edgevideo.EdgeVideoMain}:
 *     the start-up code and nothing else, so stderr holds only what the service prints.</li>
 * <li>{@link Launcher#SCRIPT}: {@code bin/edge-video}, as operators start it: the packaged jar with the launcher's
 *     JVM flags and, on {@link Builder#jmxPort}, remote JMX; JVM options go in {@code JAVA_OPTS}.</li>
 * </ul>
 */
public final class ServiceProcess implements AutoCloseable {

    /** How the JVM is started. */
    public enum Launcher {
        /** {@code java -cp target/classes:target/lib/* dev.edgevideo.EdgeVideoMain}. */
        CLASSES,
        /** {@code bin/edge-video}, which runs {@code target/edge-video.jar}. */
        SCRIPT
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final int jmxPort;
    private final Path stdout;
    /** Null when stderr goes to {@link #stdout} too. */
    private final Path stderr;

    private ServiceProcess(Process process, int httpPort, int managementPort, int jmxPort, Path stdout, Path stderr) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.jmxPort = jmxPort;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A configuration directory holding the repository's {@code application.properties} with lines appended. */
    public static Path config(Path dir, String... extraLines) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("application.properties");
        Files.copy(RunningService.home().resolve("config/application.properties"), file);
        Files.writeString(file, "\n" + String.join("\n", extraLines) + "\n", StandardOpenOption.APPEND);
        return dir;
    }

    /** What differs between the starts; {@link #start()} needs only where the output goes. */
    public static final class Builder {

        private Launcher launcher = Launcher.CLASSES;
        private Path config;
        private Path routes;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> arguments = new ArrayList<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Integer httpPort;
        private Integer managementPort;
        private Integer jmxPort;
        private Path outputDir;
        private Path log;

        private Builder() {
        }

        public Builder launcher(Launcher launcher) {
            this.launcher = launcher;
            return this;
        }

        /** The directory holding {@code application.properties} ({@code --config}). */
        public Builder config(Path dir) {
            this.config = dir;
            return this;
        }

        /** The directory of the YAML routes ({@code --routes}); the service reloads it when edited. */
        public Builder routes(Path dir) {
            this.routes = dir;
            return this;
        }

        /** Environment variables over this process's own. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Program arguments after {@code --config} and {@code --routes}, e.g. {@code --profile seed}. */
        public Builder arguments(List<String> more) {
            arguments.addAll(more);
            return this;
        }

        public Builder arguments(String... more) {
            return arguments(List.of(more));
        }

        /** JVM flags such as {@code -Dkey=value}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * The HTTP server's port ({@code -Dcamel.server.port}); otherwise {@code CAMEL_SERVER_PORT} of the
         * environment given, otherwise a free port.
         */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /**
         * The management server's port ({@code -Dcamel.management.port}); otherwise {@code CAMEL_MANAGEMENT_PORT}
         * of the environment given, otherwise a free port.
         */
        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** Remote JMX on this port ({@code EDGEVIDEO_JMX_PORT}, which only {@link Launcher#SCRIPT} reads). */
        public Builder jmxPort(int port) {
            this.jmxPort = port;
            return this;
        }

        /** stdout and stderr apart, in two new files in {@code dir}. */
        public Builder outputIn(Path dir) {
            this.outputDir = dir;
            this.log = null;
            return this;
        }

        /** stdout and stderr together, in {@code file}. */
        public Builder log(Path file) {
            this.log = file;
            this.outputDir = null;
            return this;
        }

        public ServiceProcess start() throws IOException {
            if (jmxPort != null && launcher != Launcher.SCRIPT) {
                throw new IllegalStateException("remote JMX is set up by bin/edge-video: use Launcher.SCRIPT");
            }
            if (outputDir == null && log == null) {
                throw new IllegalStateException("say where the output goes: outputIn(dir) or log(file)");
            }
            Path home = RunningService.home();
            List<String> jvm = new ArrayList<>();
            int http = port(httpPort, "CAMEL_SERVER_PORT", "camel.server.port", jvm);
            int management = port(managementPort, "CAMEL_MANAGEMENT_PORT", "camel.management.port", jvm);
            jvm.addAll(jvmOptions);

            List<String> program = new ArrayList<>();
            if (config != null) {
                program.addAll(List.of("--config", config.toString()));
            }
            if (routes != null) {
                program.addAll(List.of("--routes", routes.toString()));
            }
            program.addAll(arguments);

            List<String> command = new ArrayList<>();
            if (launcher == Launcher.SCRIPT) {
                command.addAll(List.of("bash", home.resolve("bin/edge-video").toString()));
            } else {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvm);
                command.addAll(List.of("-cp", home.resolve("target/classes") + ":" + home.resolve("target/lib") + "/*",
                        "dev.edgevideo.EdgeVideoMain"));
            }
            command.addAll(program);

            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
            Map<String, String> env = builder.environment();
            env.putAll(environment);
            if (launcher == Launcher.SCRIPT) {
                env.put("JAVA_OPTS", (env.getOrDefault("JAVA_OPTS", "") + " " + String.join(" ", jvm)).trim());
                if (jmxPort != null) {
                    env.put("EDGEVIDEO_JMX_PORT", Integer.toString(jmxPort));
                }
            }
            Path out;
            Path err;
            if (log != null) {
                out = log;
                err = null;
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
            } else {
                out = Files.createTempFile(outputDir, "stdout", ".log");
                err = Files.createTempFile(outputDir, "stderr", ".log");
                builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            }
            return new ServiceProcess(builder.start(), http, management, jmxPort == null ? -1 : jmxPort, out, err);
        }

        /** The port chosen here (as a system property), or the one of the environment given, or a free one. */
        private int port(Integer chosen, String variable, String key, List<String> jvm) {
            if (chosen == null && environment.containsKey(variable)) {
                return Integer.parseInt(environment.get(variable));
            }
            int port = chosen != null ? chosen : FreePorts.next();
            jvm.add("-D" + key + "=" + port);
            return port;
        }
    }

    /** Port of the HTTP server (APIs, status page). */
    public int httpPort() {
        return httpPort;
    }

    /** Port of the management server (metrics, health). */
    public int managementPort() {
        return managementPort;
    }

    /** The remote JMX address ({@link Builder#jmxPort}). */
    public JMXServiceURL jmxUrl() {
        if (jmxPort < 0) {
            throw new IllegalStateException("started without remote JMX");
        }
        try {
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code timeout} for the process to end; true when it has. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int exitCode() throws InterruptedException, IOException {
        if (!waitFor(Duration.ofSeconds(60))) {
            throw new AssertionError("the service is still running after 60 s; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and returns; {@link #waitFor} or {@link #exitCode} to see it end. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** stdout, or stdout and stderr together when started with {@link Builder#log}. */
    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(requireStderr());
    }

    public List<String> stderrLines() throws IOException {
        return Files.readAllLines(requireStderr());
    }

    /** stdout and stderr, for assertion messages. */
    public String output() throws IOException {
        return stderr == null ? stdout() : stdout() + "\n--- stderr ---\n" + stderr();
    }

    private Path requireStderr() {
        if (stderr == null) {
            throw new IllegalStateException(
                    "stderr is in the log with stdout: start with outputIn(dir) to read it apart");
        }
        return stderr;
    }

    /** SIGTERM, and SIGKILL if the service has not ended within 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
            if (!waitFor(STOP_TIMEOUT)) {
                process.destroyForcibly();
            }
        }
    }
}
