package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the real local brokers for fault tests, the way an operator would (see {@code bin/services}).
 * Every stop must be paired with a start in a {@code finally}: other tests share these brokers.
 */
public final class LocalServices {

    private LocalServices() {
    }

    /** Stops the RabbitMQ application (the node stays up): connections are refused until started. */
    public static void stopRabbitMq() throws Exception {
        run(List.of("rabbitmqctl", "-q", "stop_app"));
        await().atMost(30, SECONDS).until(() -> !Ports.listening(5672));
    }

    /** Starts the RabbitMQ application again and waits until it accepts connections. */
    public static void startRabbitMq() throws Exception {
        run(List.of("rabbitmqctl", "-q", "start_app"));
        await().atMost(60, SECONDS).until(() -> Ports.listening(5672));
    }

    /** Shuts Redis down without saving. */
    public static void stopRedis() throws Exception {
        run(List.of("redis-cli", "-p", "6379", "shutdown", "nosave"));
        await().atMost(30, SECONDS).until(() -> !Ports.listening(6379));
    }

    /** Starts Redis as {@code bin/services} does and waits until it accepts connections. */
    public static void startRedis() throws Exception {
        if (!Ports.listening(6379)) {
            run(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                    "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir")));
        }
        await().atMost(30, SECONDS).until(() -> Ports.listening(6379));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue());
        }
    }
}
