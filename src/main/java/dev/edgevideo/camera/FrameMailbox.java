package dev.edgevideo.camera;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-slot hand-over between a producer that must never wait and a consumer that may be slow.
 * <p>
 * {@link #offer} always succeeds at once and returns the item it displaced, so the caller can count it as
 * dropped; {@link #poll} waits (bounded) for the next item, unless the mailbox is {@link #close closed}. Memory is
 * bounded by construction: at most one item is held, however slow the consumer.
 */
public final class FrameMailbox<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private T slot;
    private boolean closed;

    /**
     * Puts the item in the slot, replacing what is there.
     *
     * @return the item replaced before the consumer took it, or {@code null}
     */
    public T offer(T item) {
        lock.lock();
        try {
            T replaced = slot;
            slot = item;
            filled.signal();
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the item, waiting at most {@code timeout} for one to arrive.
     *
     * @return the item, or {@code null} when none arrived in time
     */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (slot == null) {
                if (nanos <= 0 || closed) {
                    return null;
                }
                nanos = filled.awaitNanos(nanos);
            }
            T item = slot;
            slot = null;
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@link #poll}: it, and every later one, returns without waiting once the slot is empty. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            filled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the slot, returning what it held (or {@code null}). */
    public T clear() {
        lock.lock();
        try {
            T item = slot;
            slot = null;
            return item;
        } finally {
            lock.unlock();
        }
    }
}
