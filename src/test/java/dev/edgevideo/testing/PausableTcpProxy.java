package dev.edgevideo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A TCP proxy on loopback that a test can pause: while paused, connections stay open but no byte gets through in
 * either direction (new ones are accepted and get nothing), as behind a network partition. Resuming closes the
 * connections of the pause, whose streams lost bytes, so clients reconnect cleanly.
 */
public final class PausableTcpProxy implements AutoCloseable {

    private final TcpRelay relay;
    private volatile boolean paused;

    public PausableTcpProxy(int targetPort) throws IOException {
        TcpRelay.Copy copy = this::copyUnlessPaused;
        this.relay = new TcpRelay("proxy", targetPort, () -> new TcpRelay.Link(copy, copy));
    }

    public int port() {
        return relay.port();
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        relay.closeConnections();
    }

    private void copyUnlessPaused(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (!paused) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
