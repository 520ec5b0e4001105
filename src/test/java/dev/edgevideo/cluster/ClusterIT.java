package dev.edgevideo.cluster;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.Chromium;
import dev.edgevideo.testing.PausableTcpProxy;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real instances (one JVM each, {@code bin/edge-video}) share 12 cameras through the local ZooKeeper
 * ({@code bin/services up}), each through its own {@link PausableTcpProxy} so a test can cut one off. The tests
 * run in order through one cluster's life, to stay within a few minutes: balance, partition, rejoin, pause (SIGSTOP
 * past the session, then SIGCONT), SIGTERM, kill -9, ZooKeeper gone. Every frame is watched on Redis with its node
 * and ownership epoch; no camera may ever deliver frames twice, nor a frame below an epoch already seen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int CAMERAS = 12;
    /** At 1 fps one consumer's frames are ~1 s apart: another node's frame between two of them is a double. */
    private static final long DOUBLE_WINDOW_MILLIS = 2_500;

    @TempDir
    static Path work;

    private final String run = "cl-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> cameras = IntStream.rangeClosed(1, CAMERAS)
            .mapToObj(i -> String.format("%s-%02d", run, i)).toList();
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Map<String, PausableTcpProxy> proxies = new LinkedHashMap<>();
    private FrameLog frames;
    /** Late frames of a paused node, allowed by the pause test (each dropped by the consumer rule). */
    private int staleSeen;

    @BeforeAll
    void startThreeNodes() throws Exception {
        String clip = RunningService.home().resolve("samples/demo-720p.mp4").toString();
        Path routes = RoutesDir.withCameras(work.resolve("routes"), cameras.stream()
                .map(id -> RoutesDir.camera(id, clip, "loop", "true", "fps", "1", "width", "320"))
                .toArray(String[]::new));
        frames = new FrameLog(run);
        for (String name : List.of("a", "b", "c")) {
            PausableTcpProxy proxy = new PausableTcpProxy(2181);
            proxies.put(name, proxy);
            nodes.put(name, new ClusterNode(run + "-" + name, "127.0.0.1:" + proxy.port(), "/edge-video-it/" + run,
                    routes, work.resolve(name + ".log")));
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ClusterNode node : nodes.values()) {
            node.close();
        }
        for (PausableTcpProxy proxy : proxies.values()) {
            proxy.close();
        }
        frames.close();
        try (Brokers brokers = new Brokers()) {
            for (String camera : cameras) {
                brokers.forget(camera);
            }
        }
        for (String name : nodes.keySet()) {
            Path log = work.resolve(name + ".log");
            if (Files.exists(log)) {
                Files.copy(log, RunningService.home().resolve("target/cluster-it-" + name + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void everyCameraStreamsOnExactlyOneOfThreeNodesAndNoneOwnsMoreThanFive() {
        long start = System.currentTimeMillis();
        await().atMost(90, SECONDS).pollInterval(500, MILLISECONDS).until(() ->
                nodes.values().stream().allMatch(node -> node.members().size() == 3)
                && ownedAnywhere().size() == CAMERAS && allStreamSince(System.currentTimeMillis() - 2500));
        Map<String, Set<String>> owned = owned();
        System.out.printf("cluster: 12 cameras over 3 nodes %s, all streaming %.1f s after launch%n",
                owned.values().stream().map(Set::size).toList(), (System.currentTimeMillis() - start) / 1e3);
        assertThat(owned.values().stream().mapToInt(Set::size).sum()).as("each camera owned once").isEqualTo(CAMERAS);
        assertThat(owned.values()).allSatisfy(set -> assertThat(set).hasSizeLessThanOrEqualTo(CAMERAS / 3 + 1));
        assertNoFrameTwice();
    }

    @Test
    @Order(2)
    void everyNodeShowsTheOwnerOfEachCameraAndFramesNameTheNodeThatCapturedThem() throws Exception {
        Map<String, String> ownerOf = new HashMap<>();
        nodes.values().forEach(node -> node.owned().forEach(camera -> ownerOf.put(camera, node.nodeId)));
        assertThat(ownerOf).hasSize(CAMERAS);
        for (ClusterNode node : nodes.values()) {
            for (JsonNode camera : node.cameras()) {
                String id = camera.get("id").asText();
                String owner = ownerOf.get(id);
                assertThat(camera.get("owner").asText()).as("owner of %s seen from %s", id, node.nodeId)
                        .isEqualTo(owner);
                if (!owner.equals(node.nodeId)) {
                    assertThat(camera.get("state").asText()).as("%s on %s", id, node.nodeId).isEqualTo("STANDBY");
                }
            }
        }
        await().atMost(10, SECONDS).untilAsserted(() -> assertThat(cameras).allSatisfy(camera ->
                assertThat(frames.lastNode(camera)).as("node_id of %s's frames", camera)
                        .isEqualTo(ownerOf.get(camera))));
    }

    @Test
    @Order(3)
    void eachNodesStatusPageNamesTheNode() throws Exception {
        for (ClusterNode node : nodes.values()) {
            assertThat(Chromium.dom(node.statusPage())).as("the header of %s's status page", node.nodeId)
                    .contains("<span id=\"node\" class=\"muted\">node " + node.nodeId + "</span>");
        }
    }

    @Test
    @Order(4)
    void nodeCutOffFromZooKeeperStopsItsCamerasBeforeOthersTakeThem() {
        Set<String> moving = nodes.get("c").owned();
        assertThat(moving).isNotEmpty();
        long cut = System.currentTimeMillis();
        proxies.get("c").pause();
        await().atMost(30, SECONDS).pollInterval(250, MILLISECONDS).until(() -> {
            Set<String> elsewhere = new HashSet<>(nodes.get("a").owned());
            elsewhere.addAll(nodes.get("b").owned());
            return elsewhere.containsAll(moving) && streamElsewhere(moving, "c", cut);
        });
        report("partition", moving, "c", cut);
        assertNoFrameTwice();
    }

    @Test
    @Order(5)
    void rejoinedNodeGetsItsShareBackWithoutDoubles() {
        long healed = System.currentTimeMillis();
        proxies.get("c").resume();
        await().atMost(45, SECONDS).pollInterval(500, MILLISECONDS).until(() ->
                nodes.get("c").connected() && nodes.values().stream().allMatch(node -> node.members().size() == 3)
                && nodes.get("c").owned().size() >= 3 && ownedAnywhere().size() == CAMERAS
                && owned().values().stream().mapToInt(Set::size).sum() == CAMERAS
                && allStreamSince(System.currentTimeMillis() - 2500));
        System.out.printf("cluster: rejoin: node c owns %d cameras again %.1f s after the partition healed, split %s%n",
                nodes.get("c").owned().size(), (System.currentTimeMillis() - healed) / 1e3,
                owned().values().stream().map(Set::size).toList());
        assertThat(owned().values()).allSatisfy(set -> assertThat(set).hasSizeLessThanOrEqualTo(CAMERAS / 3 + 1));
        assertNoFrameTwice();
    }

    @Test
    @Order(6)
    void nodePausedLongerThanItsSessionPublishesNothingForCamerasTakenMeanwhileAndGetsItsShareBack()
            throws Exception {
        ClusterNode paused = nodes.get("c");
        Set<String> moving = paused.owned();
        assertThat(moving).isNotEmpty();
        Map<String, Long> epochs = new HashMap<>();
        moving.forEach(camera -> epochs.put(camera, frames.epoch(camera)));
        long stop = System.currentTimeMillis();
        paused.pause(); // a GC pause: the JVM is frozen, its ZooKeeper session goes silent
        try {
            awaitStreamingElsewhere(moving, "c", stop, 15);
            report("SIGSTOP", moving, "c", stop);
            // Paused well past the session (6 s): the others hold its cameras under new epochs.
            await().atMost(10, SECONDS).until(() -> System.currentTimeMillis() - stop > 10_000);
        } finally {
            paused.resume();
        }
        long resumed = System.currentTimeMillis();
        await().atMost(45, SECONDS).pollInterval(500, MILLISECONDS).until(() ->
                paused.connected() && nodes.values().stream().allMatch(node -> node.members().size() == 3)
                && paused.owned().size() >= 3 && owned().values().stream().mapToInt(Set::size).sum() == CAMERAS
                && allStreamSince(System.currentTimeMillis() - 2500));
        System.out.printf("cluster: pause: node c owns %d cameras again %.1f s after SIGCONT, split %s%n",
                paused.owned().size(), (System.currentTimeMillis() - resumed) / 1e3,
                owned().values().stream().map(Set::size).toList());
        assertThat(moving).allSatisfy(camera -> assertThat(frames.epoch(camera)).as("epoch of %s", camera)
                .isGreaterThan(epochs.get(camera)));
        // A frame already past the lease check when the JVM froze goes out on waking, with its old epoch: at most
        // one per camera, which the consumer rule drops. Anything else is a double.
        assertThat(frames.stale()).as("late frames of the paused node").allSatisfy(frame ->
                assertThat(frame).contains(" from " + paused.nodeId + " "));
        assertThat(frames.stale().stream().map(frame -> frame.substring(0, frame.indexOf(' '))))
                .as("cameras with a late frame").doesNotHaveDuplicates().allMatch(moving::contains);
        assertThat(frames.doubles(DOUBLE_WINDOW_MILLIS)).as("frames delivered twice").isEmpty();
        staleSeen = frames.stale().size();
        System.out.printf("cluster: pause: %d late frame(s) of the paused node, each with a lower epoch%n", staleSeen);
    }

    @Test
    @Order(7)
    void stoppedNodeHandsItsCamerasOverAtOnce() throws Exception {
        Set<String> moving = nodes.get("b").owned();
        long stop = System.currentTimeMillis();
        nodes.get("b").terminate();
        awaitStreamingElsewhere(moving, "b", stop, 10);
        double seconds = report("SIGTERM", moving, "b", stop);
        assertThat(seconds).as("seconds from SIGTERM until its cameras stream elsewhere").isLessThan(6);
        assertNoFrameTwice();
        assertThat(warningsFromShutdownOn(work.resolve("b.log"))).as("WARN and ERROR lines of a clean SIGTERM")
                .isEmpty();
    }

    @Test
    @Order(8)
    void killedNodeCamerasStreamElsewhereWithin15Seconds() throws Exception {
        Set<String> moving = nodes.get("a").owned();
        long kill = System.currentTimeMillis();
        nodes.get("a").kill();
        awaitStreamingElsewhere(moving, "a", kill, 15);
        double seconds = report("kill -9", moving, "a", kill);
        assertThat(seconds).isLessThan(15);
        assertThat(nodes.get("c").owned()).hasSize(CAMERAS);
        assertNoFrameTwice();
    }

    @Test
    @Order(9)
    void camerasStopWhileZooKeeperIsUnreachableAndResumeWhenItReturns() {
        long cut = System.currentTimeMillis();
        proxies.get("c").pause();
        await().atMost(20, SECONDS).pollInterval(250, MILLISECONDS).until(() ->
                !nodes.get("c").connected()
                && cameras.stream().allMatch(c -> frames.last(c) < System.currentTimeMillis() - 2000));
        double stopped = (cameras.stream().mapToLong(frames::last).max().orElseThrow() - cut) / 1e3;
        long back = System.currentTimeMillis();
        proxies.get("c").resume();
        await().atMost(30, SECONDS).pollInterval(250, MILLISECONDS).until(() -> allStreamSince(back));
        System.out.printf("cluster: ZooKeeper unreachable: last frame +%.1f s after the cut; all 12 streaming again"
                          + " %.1f s after it returned%n", stopped, (System.currentTimeMillis() - back) / 1e3);
        assertThat(stopped).as("seconds until the cameras stopped").isLessThan(6);
        assertNoFrameTwice();
    }

    /** No camera delivered by two nodes at once, by node (interleaved frames) and by epoch (a late old owner). */
    private void assertNoFrameTwice() {
        assertThat(frames.doubles(DOUBLE_WINDOW_MILLIS)).as("frames delivered twice").isEmpty();
        assertThat(frames.stale()).as("frames with an epoch below one already seen for their camera")
                .hasSize(staleSeen);
    }

    /** The WARN and ERROR lines a node logged from the start of its shutdown on. */
    private static List<String> warningsFromShutdownOn(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int shutdown = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("is shutting down"))
                .findFirst().orElseThrow(() -> new AssertionError("no shutdown in " + log));
        return lines.subList(shutdown, lines.size()).stream().filter(line -> line.matches("\\S+ (WARN|ERROR) .*"))
                .toList();
    }

    private void awaitStreamingElsewhere(Set<String> moving, String oldNode, long since, int seconds) {
        await().atMost(seconds, SECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> streamElsewhere(moving, oldNode, since));
    }

    private boolean streamElsewhere(Set<String> moving, String oldNode, long since) {
        return moving.stream().allMatch(camera -> resumed(camera, oldNode, since) != 0);
    }

    /**
     * Capture time of the camera's first frame from another node after both {@code since} and the old owner's
     * last frame, or 0: told apart by the frames' {@code node_id}, so a handover with no gap at all counts too.
     */
    private long resumed(String camera, String oldNode, long since) {
        String old = nodes.get(oldNode).nodeId;
        return frames.firstFromAnotherAfter(camera, Math.max(since, frames.lastFrom(camera, old)), old);
    }

    private double report(String event, Set<String> moving, String oldNode, long at) {
        List<Double> stoppedAt = new ArrayList<>();
        List<Double> resumedAt = new ArrayList<>();
        for (String camera : moving) {
            stoppedAt.add((frames.lastFrom(camera, nodes.get(oldNode).nodeId) - at) / 1e3);
            resumedAt.add((resumed(camera, oldNode, at) - at) / 1e3);
        }
        double worst = resumedAt.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf("cluster: %s: %d cameras; old owner's last frame at +%.1f s (latest), new owner's first"
                          + " at +%.1f..+%.1f s%n", event, moving.size(),
                stoppedAt.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                resumedAt.stream().mapToDouble(Double::doubleValue).min().orElse(0), worst);
        return worst;
    }

    private Map<String, Set<String>> owned() {
        return nodes.entrySet().stream().filter(e -> e.getValue().isAlive())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().owned()));
    }

    private Set<String> ownedAnywhere() {
        return owned().values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    }

    private boolean allStreamSince(long epochMillis) {
        return cameras.stream().allMatch(c -> frames.streamsSince(c, epochMillis));
    }
}
