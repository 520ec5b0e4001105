package dev.edgevideo.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import redis.clients.jedis.Jedis;

/** Plain clients of the real local Redis and RabbitMQ, to look at what the service published. */
public final class Brokers implements AutoCloseable {

    private final Jedis redis;
    private final Connection rabbit;
    private final Channel channel;

    public Brokers() throws IOException, TimeoutException {
        this(6379, 5672);
    }

    /** Clients of a test's own brokers on these ports. */
    public Brokers(int redisPort, int rabbitMqPort) throws IOException, TimeoutException {
        redis = new Jedis("127.0.0.1", redisPort);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(rabbitMqPort);
        factory.setUsername("guest");
        factory.setPassword("guest");
        rabbit = factory.newConnection("edge-video-test");
        channel = rabbit.createChannel();
    }

    public Jedis redis() {
        return redis;
    }

    public Channel channel() {
        return channel;
    }

    /** Frame keys of a camera (without the :latest key). */
    public Set<String> frameKeys(String cameraId) {
        Set<String> keys = redis.keys("edgevideo:" + cameraId + ":*");
        keys.remove("edgevideo:" + cameraId + ":latest");
        return keys;
    }

    /** Removes everything a camera left in Redis and its queue's messages. */
    public void forget(String cameraId) throws IOException {
        Set<String> keys = redis.keys("edgevideo:" + cameraId + ":*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        deleteQueue("edgevideo.frames." + cameraId);
    }

    /** Messages ready in the queue, or -1 when there is no such queue. */
    public long messageCount(String queue) throws IOException {
        try (Channel ch = rabbit.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            return -1;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /**
     * Whether the queue exists as a durable queue with exactly these arguments: RabbitMQ accepts a
     * re-declaration only when it matches the existing queue.
     */
    public boolean queueDeclaredWith(String queue, java.util.Map<String, Object> arguments) throws IOException {
        try (Channel ch = rabbit.createChannel()) {
            ch.queueDeclare(queue, true, false, false, arguments);
            return true;
        } catch (IOException e) {
            return false;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    public void deleteQueue(String queue) throws IOException {
        try (Channel ch = rabbit.createChannel()) {
            ch.queueDelete(queue);
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** Takes up to {@code max} messages from a queue without waiting. */
    public List<GetResponse> take(String queue, int max) throws IOException {
        List<GetResponse> messages = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            GetResponse response = channel.basicGet(queue, true);
            if (response == null) {
                break;
            }
            messages.add(response);
        }
        return messages;
    }

    @Override
    public void close() throws Exception {
        redis.close();
        rabbit.close();
    }
}
