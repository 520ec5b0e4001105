package dev.edgevideo.governor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records where and how often the governor reclaims, instead of collecting. */
final class RecordingReclaimer implements MemoryReclaimer {

    final AtomicInteger collections = new AtomicInteger();
    final AtomicInteger nativeReleases = new AtomicInteger();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Runnable onCollect;

    RecordingReclaimer() {
        this(() -> { });
    }

    RecordingReclaimer(Runnable onCollect) {
        this.onCollect = onCollect;
    }

    @Override
    public void collectGarbage() {
        threads.add(Thread.currentThread());
        collections.incrementAndGet();
        onCollect.run();
    }

    @Override
    public void releaseNativeMemory() {
        threads.add(Thread.currentThread());
        nativeReleases.incrementAndGet();
    }
}
