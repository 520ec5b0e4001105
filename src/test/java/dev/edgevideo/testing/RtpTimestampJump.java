package dev.edgevideo.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * An RTSP camera whose clock jumps: a proxy in front of an RTSP server, for clients on RTP over the RTSP connection
 * ({@code rtspTransport=tcp}), that moves the RTP timestamps of the first stream (interleaved channel 0) forward by
 * a fixed amount from some time after the connection opened on. The pictures keep coming at the server's rate.
 * <p>
 * Done here, not in GStreamer: shifting the buffers' PTS in the server makes its synchronised sinks wait for them
 * (the stream stalls for the jump), the payloader reads its {@code timestamp-offset} only when it starts, and RTP
 * buffers cannot be written from a Python pad probe.
 */
public final class RtpTimestampJump implements AutoCloseable {

    private static final int RTP_CLOCK_RATE = 90_000;

    private final TcpRelay relay;
    private final long jumpTicks;

    /**
     * @param targetPort   the RTSP server's port on loopback
     * @param afterMillis  how long after a connection opens its timestamps jump
     * @param jumpSeconds  how far they jump forward
     */
    public RtpTimestampJump(int targetPort, long afterMillis, int jumpSeconds) throws IOException {
        this.jumpTicks = (long) jumpSeconds * RTP_CLOCK_RATE;
        this.relay = new TcpRelay("rtp-jump", targetPort, () -> {
            long jumpAt = System.currentTimeMillis() + afterMillis;
            return new TcpRelay.Link(InputStream::transferTo, (from, to) -> rewrite(from, to, jumpAt));
        });
    }

    /** The camera's URL through the proxy, with {@code path} as on the server. */
    public String url(String path) {
        return "rtsp://127.0.0.1:" + relay.port() + path;
    }

    /** Copies the server's side message by message: RTSP replies as they are, interleaved RTP rewritten. */
    private void rewrite(InputStream from, OutputStream to, long jumpAt) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(from));
        while (true) {
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == '$') {
                int channel = in.readUnsignedByte();
                byte[] data = new byte[in.readUnsignedShort()];
                in.readFully(data);
                if (channel == 0 && data.length >= 12 && System.currentTimeMillis() >= jumpAt) {
                    long timestamp = ((data[4] & 0xFFL) << 24) | ((data[5] & 0xFFL) << 16) | ((data[6] & 0xFFL) << 8)
                                     | (data[7] & 0xFFL);
                    long jumped = (timestamp + jumpTicks) & 0xFFFFFFFFL;
                    for (int i = 0; i < 4; i++) {
                        data[4 + i] = (byte) (jumped >>> (24 - 8 * i));
                    }
                }
                to.write(new byte[] {'$', (byte) channel, (byte) (data.length >>> 8), (byte) data.length});
                to.write(data);
            } else {
                to.write(reply(first, in));
            }
            to.flush();
        }
    }

    /** An RTSP reply: its header lines up to the empty line, then {@code Content-Length} bytes of body. */
    private static byte[] reply(int first, DataInputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(first);
        StringBuilder line = new StringBuilder().append((char) first);
        int contentLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside an RTSP reply");
            }
            message.write(b);
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        byte[] body = new byte[contentLength];
        in.readFully(body);
        message.write(body);
        return message.toByteArray();
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
