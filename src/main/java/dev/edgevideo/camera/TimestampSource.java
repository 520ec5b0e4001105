package dev.edgevideo.camera;

import java.util.Locale;

/** Whose clock a frame's timestamp is on. */
public enum TimestampSource {
    /** The sender's wall clock, from the RTCP sender reports of an RTSP session. */
    SENDER,
    /** This service's clock when the frame was captured: sources without sender reports, and RTSP before the first. */
    RECEIVER;

    /** The name on the wire and in the API: {@code sender} or {@code receiver}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
