package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class FrameMailboxTest {

    private final FrameMailbox<String> mailbox = new FrameMailbox<>();

    @Test
    void offerNeverBlocksAndReturnsTheFrameItReplaced() {
        assertThat(mailbox.offer("a")).isNull();
        assertThat(mailbox.offer("b")).isEqualTo("a");
        assertThat(mailbox.offer("c")).isEqualTo("b");
    }

    @Test
    void pollTakesOnlyTheLatestFrame() throws InterruptedException {
        mailbox.offer("old");
        mailbox.offer("new");
        assertThat(mailbox.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("new");
        assertThat(mailbox.poll(10, TimeUnit.MILLISECONDS)).as("the slot is empty after a take").isNull();
    }

    @Test
    void pollWakesUpWhenAFrameArrives() throws Exception {
        AtomicReference<String> taken = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                taken.set(mailbox.poll(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        consumer.start();
        mailbox.offer("frame");
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(taken.get()).isEqualTo("frame");
    }

    @Test
    void clearEmptiesTheSlotAndReturnsWhatWasThere() throws InterruptedException {
        mailbox.offer("left");
        assertThat(mailbox.clear()).isEqualTo("left");
        assertThat(mailbox.poll(0, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void closeWakesAWaitingPollAtOnceAndAFrameStillInTheSlotIsTaken() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                mailbox.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        consumer.start();
        mailbox.close();
        assertThat(done.await(5, TimeUnit.SECONDS)).as("woken, not after its 10 s").isTrue();

        mailbox.offer("last");
        assertThat(mailbox.poll(10, TimeUnit.SECONDS)).isEqualTo("last");
        long started = System.nanoTime();
        assertThat(mailbox.poll(10, TimeUnit.SECONDS)).isNull();
        assertThat(System.nanoTime() - started).as("no wait once closed").isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
