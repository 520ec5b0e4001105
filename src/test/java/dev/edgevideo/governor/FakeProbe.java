package dev.edgevideo.governor;

import java.util.concurrent.atomic.AtomicInteger;

/** A probe returning figures set by the test, in MB. */
final class FakeProbe implements MemoryProbe {

    static final long MB = 1024L * 1024L;

    private volatile MemorySnapshot next;
    private volatile RuntimeException failure;
    private final AtomicInteger failures = new AtomicInteger();

    FakeProbe(long processMb, long systemTotalMb, long systemUsedMb) {
        set(processMb, systemTotalMb, systemUsedMb);
    }

    FakeProbe set(long processMb, long systemTotalMb, long systemUsedMb) {
        next = new MemorySnapshot(processMb * MB, systemTotalMb * MB, systemUsedMb * MB, processMb * MB / 2,
                processMb * MB, processMb * MB, 0);
        failure = null;
        return this;
    }

    FakeProbe process(long processMb) {
        return set(processMb, next.systemTotalBytes() / MB, next.systemUsedBytes() / MB);
    }

    FakeProbe failWith(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    /** Readings that failed so far. */
    int failures() {
        return failures.get();
    }

    @Override
    public MemorySnapshot sample() {
        RuntimeException f = failure;
        if (f != null) {
            failures.incrementAndGet();
            throw f;
        }
        return next;
    }
}
