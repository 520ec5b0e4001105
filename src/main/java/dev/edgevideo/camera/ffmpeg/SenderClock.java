package dev.edgevideo.camera.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.function.LongSupplier;

/**
 * The sender's wall clock of an RTSP session, as FFmpeg's RTSP demuxer gives it.
 * <p>
 * On the first RTCP sender report (SR) FFmpeg sets {@code AVFormatContext.start_time_realtime}, microseconds since
 * the Unix epoch, {@code AV_NOPTS_VALUE} until then: rtpdec.c keeps {@code rtcp_ts_offset = SR rtp time -
 * base_timestamp}, rtsp.c sets {@code start_time_realtime = ntp(first SR) - rtcp_ts_offset}, so it is the sender's
 * wall-clock time of pts 0 and a frame's sender time is {@code start_time_realtime + pts}. It is fixed once set:
 * FFmpeg does not re-anchor it at later reports, and for a single-stream session it does not use them for the
 * packets' pts either (only sessions of several streams are synchronised on the latest report), and its RTP state
 * is private to libavformat. So a sender clock that drifts after the first report shows as a drifting offset, not as
 * corrected timestamps. The pts also carry the start of the PLAY reply's range (FFmpeg's {@code range_start_offset}):
 * live cameras stream from npt 0, a server replaying from a later point would show as that much ahead. Not
 * thread-safe: one per session.
 */
final class SenderClock {

    /** No sender time: before the first sender report, a frame without pts, or a source that sends none. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final LongSupplier startTimeRealtime;
    private long startMicros = UNKNOWN;

    /** @param startTimeRealtime reads {@code start_time_realtime}; read until it is set, never after */
    SenderClock(LongSupplier startTimeRealtime) {
        this.startTimeRealtime = startTimeRealtime;
    }

    /** A clock for sources that have no sender reports (files, HTTP): always {@link #UNKNOWN}. */
    static SenderClock none() {
        return new SenderClock(() -> AV_NOPTS_VALUE);
    }

    /**
     * The sender's wall-clock time of a frame, microseconds since the epoch; {@link #UNKNOWN} without one.
     *
     * @param ptsMicros the frame's pts as the demuxer stamped it, in microseconds; {@link #UNKNOWN} for none
     */
    long epochMicros(long ptsMicros) {
        if (ptsMicros == UNKNOWN) {
            return UNKNOWN;
        }
        if (startMicros == UNKNOWN) {
            long start = startTimeRealtime.getAsLong();
            // AV_NOPTS_VALUE until the first report; a start before 1970 is no wall clock either.
            if (start == AV_NOPTS_VALUE || start <= 0) {
                return UNKNOWN;
            }
            startMicros = start;
        }
        return startMicros + ptsMicros;
    }
}
