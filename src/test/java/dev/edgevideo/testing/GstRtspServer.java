package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live H.264 RTSP camera: GStreamer's RTSP server ({@code src/test/resources/rtsp-server.py}), which sends RTCP
 * sender reports as real cameras do, on a free local port. Needs the GStreamer packages {@code bin/services up}
 * installs; run with the system's {@code /usr/bin/python3}, which has their Python bindings.
 */
public final class GstRtspServer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";
    /** The camera's path on the server. */
    public static final String PATH = "/cam";

    private final Process process;
    private final int port;
    /** Ends the server with the test JVM when a test failed before closing it: the machine is shared. */
    private final Thread exitHook;

    private GstRtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.exitHook = new Thread(process::destroyForcibly, "rtsp-server-" + port + "-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /** Starts a camera sending {@code fps} frames a second and returns once it accepts connections. */
    public static GstRtspServer start(Path work, int fps) throws IOException {
        return start(work, fps, FreePorts.next(), 0);
    }

    /**
     * Starts a camera on a given port (e.g. again where a test stopped one, as a camera that restarted), losing
     * each RTP packet with probability {@code dropProbability} (0: none), and returns once it accepts connections.
     */
    public static GstRtspServer start(Path work, int fps, int port, double dropProbability) throws IOException {
        return start(work, port, "--fps", Integer.toString(fps), "--drop-probability",
                Double.toString(dropProbability));
    }

    /**
     * Starts a camera-like stream (the bench's live source): moving colour bars of this size ("1280x720") at
     * {@code fps}, a keyframe every {@code keyInt} frames, at {@code kbps} kbit/s, as x264's superfast preset without
     * B-frames makes it; one stream shared by every client. Returns once it accepts connections.
     */
    public static GstRtspServer camera(Path work, String size, int fps, int keyInt, int kbps) throws IOException {
        return start(work, FreePorts.next(), "--fps", Integer.toString(fps), "--size", size, "--key-int",
                Integer.toString(keyInt), "--bitrate", Integer.toString(kbps));
    }

    private static GstRtspServer start(Path work, int port, String... options) throws IOException {
        Path script = RunningService.home().resolve("src/test/resources/rtsp-server.py");
        Path log = work.resolve("rtsp-server-" + port + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), Integer.toString(port)));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GstRtspServer server = new GstRtspServer(process, port);
        try {
            await().atMost(15, SECONDS).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("rtsp-server.py exited " + process.exitValue() + ", see " + log);
                }
                return server.accepts();
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The camera's URL. */
    public String url() {
        return "rtsp://127.0.0.1:" + port + PATH;
    }

    /** The server's port on 127.0.0.1, e.g. for a proxy in front of it. */
    public int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook ends the server anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
