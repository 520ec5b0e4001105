package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A {@code redis-server} of the test's own on a free port, nothing persisted ({@code --save "" --appendonly no}):
 * {@link #kill()} and {@link #start()} make a Redis that comes back empty on the same port, without touching the
 * shared one on 6379; it may listen otherwise, e.g. TLS only ({@link TlsRedis}).
 */
public final class PrivateRedis implements AutoCloseable {

    private final Path dir;
    private final List<String> listening;
    private final int port = FreePorts.next();
    private Process server;

    private PrivateRedis(Path dir, IntFunction<List<String>> listening) {
        this.dir = dir;
        this.listening = listening.apply(port);
    }

    /** A plain Redis. */
    public static PrivateRedis start(Path dir) throws IOException {
        return start(dir, port -> List.of("--port", String.valueOf(port)));
    }

    /**
     * A Redis listening as the arguments say, given its port (e.g. TLS only: {@code --port 0 --tls-port P ...},
     * see {@link TlsRedis}).
     */
    public static PrivateRedis start(Path dir, IntFunction<List<String>> listening) throws IOException {
        Files.createDirectories(dir);
        PrivateRedis redis = new PrivateRedis(dir, listening);
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Starts the server on its port and waits until it accepts connections. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(listening);
        command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile())).start();
        await().atMost(10, SECONDS).until(() -> Ports.listening(port));
    }

    /** SIGKILL: whatever it held is gone. */
    public void kill() throws InterruptedException {
        server.destroyForcibly();
        server.waitFor();
        await().atMost(10, SECONDS).until(() -> !Ports.listening(port));
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null && server.isAlive()) {
            kill();
        }
    }
}
