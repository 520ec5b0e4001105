package dev.edgevideo.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every frame of the test's cameras as published on Redis ({@code edgevideo:frames}), by capture time, with the node
 * and the ownership epoch that published it. A camera consumed by two instances at once shows up twice: frames of
 * two nodes interleaving ({@link #doubles}), and frames whose epoch is below one already seen ({@link #stale}).
 */
final class FrameLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String cameraPrefix;
    private final Map<String, List<Long>> captures = new ConcurrentHashMap<>();
    private final Map<String, String> lastNode = new ConcurrentHashMap<>();
    /** Per camera, the highest {@code owner_epoch} received so far. */
    private final Map<String, Long> maxEpoch = new ConcurrentHashMap<>();
    /** Frames received with an epoch below one already received for their camera: late frames of an old owner. */
    private final List<String> stale = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per camera, the node of every frame, by capture time: who delivered what, to tell doubles from a handover. */
    private final Map<String, java.util.NavigableMap<Long, String>> nodes = new ConcurrentHashMap<>();
    /** Per camera, the {@code owner_epoch} of every frame, by capture time. */
    private final Map<String, Map<Long, Long>> epochs = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile JedisPubSub subscriber;

    FrameLog(String cameraPrefix) {
        this.cameraPrefix = cameraPrefix;
        Thread thread = new Thread(this::subscribe, "frame-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Subscribes again whenever the connection ends: the shared Redis may be restarted by another test meanwhile. */
    private void subscribe() {
        while (!closed) {
            subscriber = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    record(message);
                }
            };
            try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
                redis.subscribe(subscriber, "edgevideo:frames");
            } catch (JedisConnectionException e) {
                LockSupport.parkNanos(500_000_000L); // Redis is restarting: try again in half a second
            }
        }
    }

    private void record(String message) {
        try {
            JsonNode frame = JSON.readTree(message);
            String camera = frame.get("camera_id").asText();
            if (camera.startsWith(cameraPrefix)) {
                String node = frame.path("node_id").asText("");
                long epoch = frame.path("owner_epoch").asLong(-1);
                if (epoch < 0) {
                    stale.add(camera + ": a frame from " + node + " without owner_epoch");
                } else if (epoch < maxEpoch.merge(camera, epoch, Math::max)) {
                    stale.add(camera + " at " + frame.get("timestamp").asLong() + " from " + node + " with epoch "
                              + epoch + " after epoch " + maxEpoch.get(camera));
                    return; // dropped, as the consumer rule says: not part of what the camera delivered
                }
                List<Long> list = captures.computeIfAbsent(camera, c -> new ArrayList<>());
                synchronized (list) {
                    list.add(frame.get("timestamp").asLong());
                }
                lastNode.put(camera, node);
                java.util.NavigableMap<Long, String> byTime = nodes.computeIfAbsent(camera,
                        c -> new java.util.concurrent.ConcurrentSkipListMap<>());
                byTime.put(frame.get("timestamp").asLong(), node);
                epochs.computeIfAbsent(camera, c -> new ConcurrentHashMap<>())
                        .put(frame.get("timestamp").asLong(), epoch);
            }
        } catch (Exception e) {
            // another service's message format: not ours
        }
    }

    /** The {@code node_id} in the metadata of the camera's newest frame, empty before its first. */
    String lastNode(String camera) {
        return lastNode.getOrDefault(camera, "");
    }

    /** Capture time (epoch ms) of the camera's newest frame, or 0 before its first. */
    long last(String camera) {
        List<Long> list = captures.get(camera);
        if (list == null) {
            return 0;
        }
        synchronized (list) {
            return list.isEmpty() ? 0 : list.get(list.size() - 1);
        }
    }

    /** Whether the camera delivered a frame captured after {@code epochMillis}. */
    boolean streamsSince(String camera, long epochMillis) {
        return last(camera) > epochMillis;
    }

    /** Capture time of the camera's last frame delivered by {@code node}, or 0. */
    long lastFrom(String camera, String node) {
        return nodes.getOrDefault(camera, new java.util.TreeMap<>()).entrySet().stream()
                .filter(frame -> frame.getValue().equals(node)).mapToLong(java.util.Map.Entry::getKey).max().orElse(0);
    }

    /**
     * Capture time of the camera's first frame after {@code epochMillis} delivered by a node other than {@code node},
     * or 0.
     */
    long firstFromAnotherAfter(String camera, long epochMillis, String node) {
        return nodes.getOrDefault(camera, new java.util.TreeMap<>()).tailMap(epochMillis, false).entrySet().stream()
                .filter(frame -> !frame.getValue().equals(node)).mapToLong(java.util.Map.Entry::getKey).findFirst()
                .orElse(0);
    }

    /**
     * Frames delivered twice: a camera consumed by two nodes at once. Its frames then interleave: a frame of node B
     * between two frames of node A less than {@code windowMillis} apart, A's under the same ownership epoch. A
     * handover (A's frames, then B's, however close) is not a double, nor two quick ones (A, B, then A again under a
     * new epoch); the frames' {@code node_id} and {@code owner_epoch} tell them apart.
     */
    List<String> doubles(long windowMillis) {
        List<String> doubles = new ArrayList<>();
        nodes.keySet().stream().sorted().forEach(camera -> {
            List<Map.Entry<Long, String>> frames = new ArrayList<>(nodes.get(camera).entrySet());
            for (int j = 1; j + 1 < frames.size(); j++) {
                Map.Entry<Long, String> before = frames.get(j - 1);
                Map.Entry<Long, String> middle = frames.get(j);
                Map.Entry<Long, String> after = frames.get(j + 1);
                Map<Long, Long> epochOf = epochs.get(camera);
                if (!middle.getValue().equals(before.getValue()) && after.getValue().equals(before.getValue())
                    && epochOf.get(after.getKey()).equals(epochOf.get(before.getKey()))
                    && after.getKey() - before.getKey() < windowMillis) {
                    doubles.add(camera + " at " + middle.getKey() + " from " + middle.getValue() + " while "
                                + before.getValue() + " delivered frames at " + before.getKey() + " and "
                                + after.getKey());
                }
            }
        });
        return doubles;
    }

    /**
     * Frames published by an instance after another had taken their camera: told by the ownership epoch, which only
     * grows for a camera, in the order Redis delivered them. A consumer drops exactly these, and so does this log:
     * they count in no other answer.
     */
    List<String> stale() {
        return List.copyOf(stale);
    }

    /** The {@code owner_epoch} of the camera's newest frames, or 0 before its first. */
    long epoch(String camera) {
        return maxEpoch.getOrDefault(camera, 0L);
    }

    @Override
    public void close() {
        closed = true;
        JedisPubSub current = subscriber;
        if (current != null && current.isSubscribed()) {
            current.unsubscribe();
        }
    }
}
