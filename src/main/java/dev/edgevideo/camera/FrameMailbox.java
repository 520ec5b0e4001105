package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;

/**
 * A one-slot hand-over between a producer that must never wait and a consumer that may be slow.
 * <p>
 * {@link #offer} always succeeds at once and returns the item it displaced, so the caller can count it as
 * dropped; {@link #poll} waits (bounded) for the next item, unless the mailbox is {@link #close closed}. Memory is
 * bounded by construction: at most one item is held, however slow the consumer.
 */
public final class FrameMailbox<T> {

    private T slot;
    private boolean closed;

    /** Puts the item in the slot; returns the one it replaced before the consumer took it, or {@code null}. */
    public synchronized T offer(T item) {
        T replaced = slot;
        slot = item;
        notifyAll();
        return replaced;
    }

    /** Takes the item, waiting at most {@code timeout} for one; {@code null} when none arrived in time. */
    public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (slot == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return clear();
    }

    /** Wakes a waiting {@link #poll}: it, and every later one, returns without waiting once the slot is empty. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Empties the slot, returning what it held (or {@code null}). */
    public synchronized T clear() {
        T item = slot;
        slot = null;
        return item;
    }
}
