package dev.edgevideo.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

/**
 * A live HTTP MJPEG camera on 127.0.0.1: {@code multipart/x-mixed-replace} at a fixed frame rate, as IP
 * cameras serve it. The frames it sends are kept, so a test can prove the service passed them through.
 */
public final class MjpegHttpCamera implements AutoCloseable {

    private static final String BOUNDARY = "edgevideoframe";

    private final HttpServer server;
    private volatile List<byte[]> frames;
    private volatile boolean corrupt;
    private volatile int fps;
    /** The user and password it requires (HTTP basic), or null to accept any request. */
    private final String[] credentials;
    private final AtomicInteger authorizedStreams = new AtomicInteger();

    public MjpegHttpCamera(int width, int height, int fps) throws IOException {
        this(width, height, fps, 0);
    }

    /** A camera on a given port (0: any free port), e.g. to bring back a camera a test saw die. */
    public MjpegHttpCamera(int width, int height, int fps, int port) throws IOException {
        this(width, height, fps, port, null);
    }

    /** A camera that streams only to clients sending this user and password (HTTP basic; 401 otherwise). */
    public static MjpegHttpCamera withPassword(int width, int height, int fps, String user, String password)
            throws IOException {
        return new MjpegHttpCamera(width, height, fps, 0, new String[] {user, password});
    }

    /** A camera sending these JPEGs in turn (e.g. encoded by FFmpeg in a chroma subsampling of the test's choice). */
    public static MjpegHttpCamera serving(List<byte[]> jpegs, int fps) throws IOException {
        return new MjpegHttpCamera(List.copyOf(jpegs), fps, 0, null);
    }

    private MjpegHttpCamera(int width, int height, int fps, int port, String[] credentials) throws IOException {
        this(frames(width, height), fps, port, credentials);
    }

    private MjpegHttpCamera(List<byte[]> jpegs, int fps, int port, String[] credentials) throws IOException {
        this.credentials = credentials;
        this.fps = fps;
        frames = jpegs;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "mjpeg-camera");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/video.mjpg", exchange -> {
            if (credentials != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString(
                        (credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"camera\"");
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                    return;
                }
                authorizedStreams.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "multipart/x-mixed-replace;boundary=" + BOUNDARY);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                // Paced on a schedule, not by sleeping a frame interval after each write: the rate stays the
                // camera's even when writing takes time (the conformance test holds frames to their interval).
                long due = System.nanoTime();
                for (int i = 0; ; i++) {
                    List<byte[]> sending = frames;
                    byte[] jpeg = sending.get(i % sending.size());
                    if (corrupt) {
                        jpeg = garbage(jpeg.length, i);
                    }
                    out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                               + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(jpeg);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    due += 1_000_000_000L / this.fps;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } else {
                        due = System.nanoTime(); // behind (a slow client): start the schedule again, no burst
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away or the camera is closing
            }
        });
        server.start();
    }

    /**
     * The stream URL with the camera's user and password, or (a camera that requires none) with credentials it
     * accepts and ignores, to exercise masking.
     */
    public String url() {
        String userInfo = credentials == null ? "viewer:pa55word" : credentials[0] + ":" + credentials[1];
        return "http://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort() + "/video.mjpg";
    }

    /** Streams served to a client that sent the required password. */
    public int authorizedStreams() {
        return authorizedStreams.get();
    }

    /** The JPEGs this camera sends, in order, repeating. */
    public List<byte[]> frames() {
        return frames;
    }

    /** From the next frame on, sends this many frames per second, as a camera whose frame rate was changed. */
    public void frameRate(int framesPerSecond) {
        fps = framesPerSecond;
    }

    /** From the next frame on, sends pictures of another size, as a camera whose resolution was changed. */
    public void resize(int width, int height) throws IOException {
        frames = frames(width, height);
    }

    /**
     * While on, every part carries random bytes instead of its JPEG (same length, same multipart framing), as a
     * camera whose encoder or link corrupts data.
     */
    public void corrupt(boolean on) {
        corrupt = on;
    }

    private static byte[] garbage(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<byte[]> frames(int width, int height) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(frame(width, height, i));
        }
        return List.copyOf(frames);
    }

    private static byte[] frame(int width, int height, int index) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.getHSBColor(index / 10f, 0.6f, 0.8f));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawString("frame " + index, 10, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
