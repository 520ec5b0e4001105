package dev.edgevideo.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.util.function.Consumer;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** A subscriber of the frame metadata channel ({@code edgevideo:frames}) on the real Redis, as consumers read it. */
public final class MetadataFeed implements AutoCloseable {

    private final JedisPubSub subscription;

    private MetadataFeed(JedisPubSub subscription) {
        this.subscription = subscription;
    }

    /** Subscribes on a daemon thread and returns once the subscription is active, so no message is missed. */
    public static MetadataFeed subscribe(Consumer<String> onMessage) {
        JedisPubSub subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                onMessage.accept(message);
            }
        };
        Thread thread = new Thread(() -> {
            try (Jedis subscriber = new Jedis("127.0.0.1", 6379)) {
                subscriber.subscribe(subscription, "edgevideo:frames");
            }
        }, "metadata-feed");
        thread.setDaemon(true);
        thread.start();
        await().atMost(5, SECONDS).until(subscription::isSubscribed);
        return new MetadataFeed(subscription);
    }

    @Override
    public void close() {
        if (subscription.isSubscribed()) {
            subscription.unsubscribe();
        }
    }
}
