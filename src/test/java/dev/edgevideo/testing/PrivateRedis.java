package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code redis-server} of the test's own on a free port, nothing persisted ({@code --save "" --appendonly no}):
 * {@link #kill()} and {@link #start()} make a Redis that comes back empty on the same port, without touching the
 * shared one on 6379.
 */
public final class PrivateRedis implements AutoCloseable {

    private final Path dir;
    private final int port = FreePorts.next();
    private Process server;

    private PrivateRedis(Path dir) {
        this.dir = dir;
    }

    public static PrivateRedis start(Path dir) throws IOException {
        Files.createDirectories(dir);
        PrivateRedis redis = new PrivateRedis(dir);
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Starts the server on its port and waits until it accepts connections. */
    public void start() throws IOException {
        server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
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
