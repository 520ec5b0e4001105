package dev.edgevideo.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long this instance may still publish for the cameras it locked in a ZooKeeper session, without asking
 * ZooKeeper: the check a frame passes before it leaves a camera route, a volatile read and a clock reading.
 * <p>
 * ZooKeeper expires a session no sooner than its timeout after the last request it served on it. So a request
 * sent at {@code t} and answered on session {@code s} proves that {@code s}, and every camera lock it owns, lasts
 * until {@code t + timeout} at least; another instance can lock one of them only later. The lease grants half of
 * that, {@code t + timeout / 2}, leaving the other half for a frame that passed the check to get through the
 * throttle and its writes. A paused process (a GC pause, SIGSTOP, a starved CPU) wakes up with its lease run out,
 * whatever Curator has not yet noticed, and its frames are dropped until a new answer comes; frames of a session
 * that has since been replaced never pass, because the lease names the session it was granted on.
 * <p>
 * Time is the monotonic clock ({@link System#nanoTime()} in the service), which keeps running while the process is
 * stopped and never jumps with the wall clock.
 */
final class SessionLease {

    private record Grant(long session, long untilNanos) {
    }

    private final LongSupplier nanoTime;
    /** Null until ZooKeeper first answered. */
    private volatile Grant grant;

    SessionLease(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The current reading of the lease's clock: take it before sending the request that renews the lease. */
    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * ZooKeeper answered, on {@code session}, a request sent at {@code sentNanos} (from {@link #now()}).
     *
     * @param sessionTimeout the session timeout the server negotiated
     */
    synchronized void answered(long session, long sentNanos, Duration sessionTimeout) {
        long until = sentNanos + sessionTimeout.toNanos() / 2;
        Grant current = grant;
        if (current == null || current.session != session || until - current.untilNanos > 0) {
            grant = new Grant(session, until);
        }
    }

    /** Whether camera locks owned by {@code session} are certainly still this instance's now. */
    boolean holds(long session) {
        Grant current = grant;
        return current != null && current.session == session && nanoTime.getAsLong() - current.untilNanos < 0;
    }
}
