package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A RabbitMQ node of the test's own (its own node name, free AMQP and distribution ports, data and logs under
 * {@code target/}, no plugins so no management listener), for what the shared broker on 5672 must not suffer:
 * faults ({@link #killHard()} is {@code kill -9} of its Erlang VM, {@link #start()} boots it again on the same
 * data) and listeners of another kind (TLS only, {@link TlsRabbitMq}).
 */
public final class PrivateRabbitMq implements AutoCloseable {

    private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private final Path base;
    private final String node;
    private final int port = FreePorts.next();
    private final int distributionPort = FreePorts.next();
    private Process script;

    private PrivateRabbitMq(Path base, String name) {
        this.base = base;
        this.node = name + "@localhost";
    }

    /** A fresh node {@code edgefault} (its data directory emptied) in {@code base}, plain AMQP, started. */
    public static PrivateRabbitMq start(Path base) throws IOException {
        return start(base, "edgefault", port -> "listeners.tcp.default = " + port + "\n");
    }

    /**
     * A fresh node (its data directory emptied) in {@code base}, started.
     *
     * @param name   the node's name (before {@code @localhost}), unique among the tests' nodes
     * @param config its {@code rabbitmq.conf}, given the port its listener must take
     */
    public static PrivateRabbitMq start(Path base, String name, IntFunction<String> config) throws IOException {
        if (Files.exists(base)) {
            try (var paths = Files.walk(base)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(base);
        PrivateRabbitMq node = new PrivateRabbitMq(base, name);
        Files.writeString(base.resolve("rabbitmq.conf"), config.apply(node.port));
        Files.writeString(base.resolve("enabled_plugins"), "[].\n");
        node.start();
        return node;
    }

    public int port() {
        return port;
    }

    /** Boots the node on its data and waits until it accepts AMQP connections (a cold boot takes about 8 s here). */
    public void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SERVER).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.out").toFile()));
        Map<String, String> env = builder.environment();
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
        env.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq.conf").toString());
        // A file that does not exist: the machine's own advanced.config is not ours to read.
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", base.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", pidFile().toString());
        Files.deleteIfExists(pidFile());
        script = builder.start();
        await().atMost(40, SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> Ports.listening(port) && beam().isPresent());
    }

    /** {@code kill -9} of the node's Erlang VM: no shutdown, no flush; waits until the port is closed. */
    public void killHard() {
        beam().ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
        await().atMost(10, SECONDS).until(() -> !Ports.listening(port));
    }

    /** The Erlang VM, from the pid file the node writes once booted. */
    private Optional<ProcessHandle> beam() {
        try {
            String pid = Files.readString(pidFile()).trim();
            return pid.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path pidFile() {
        return base.resolve("rabbitmq.pid");
    }

    @Override
    public void close() {
        beam().ifPresent(ProcessHandle::destroyForcibly);
        if (script != null) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }
}
