package dev.edgevideo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;

import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.ServiceProcess;

/**
 * The real service as operators run it ({@code bin/edge-video}, its own JVM, started by the tests'
 * {@link ServiceProcess}), with N cameras on a clip. Reads its metrics endpoint, its /proc figures and, over JMX,
 * the CPU time of its threads by role.
 */
final class ServiceRun implements AutoCloseable {

    private final ServiceProcess process;
    private final JMXConnector jmx;
    private final ThreadMXBean threads;
    /** HTTP/1.1, as a Prometheus scrape: see the test tree's {@code Http} for why not the JDK's default h2c. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ServiceRun(ServiceProcess process, JMXConnector jmx, ThreadMXBean threads) {
        this.process = process;
        this.jmx = jmx;
        this.threads = threads;
    }

    /**
     * Starts the service with {@code cameras} camera entries (ids bench-1..N) on the source.
     *
     * @param source           a clip's path (played looped) or a live source's URL, e.g. rtsp://
     * @param extraEnv         more environment, e.g. EDGEVIDEO_HEAP or EDGEVIDEO_MEMORY_MAX_MEMORY_MB
     * @param cameraParameters more template parameters of every camera, name and value, e.g. decodeMode, ALL
     */
    static ServiceRun start(Path work, String source, int cameras, double fps, Map<String, String> extraEnv,
                            String... cameraParameters) throws Exception {
        String[] entries = new String[cameras];
        for (int i = 0; i < cameras; i++) {
            entries[i] = camera(i + 1, source, fps, cameraParameters);
        }
        Path routes = RoutesDir.withCameras(work.resolve("routes-" + cameras), entries);
        return start(routes, work.resolve("service-" + cameras + ".log"), extraEnv);
    }

    /** The cameras-file entry of camera bench-{@code number} on the clip, looped, with more parameters. */
    static String camera(int number, Path clip, double fps, String... parameters) {
        return camera(number, clip.toString(), fps, parameters);
    }

    /** The cameras-file entry of camera bench-{@code number} on a clip (looped) or a live URL, with more parameters. */
    static String camera(int number, String source, double fps, String... parameters) {
        String[] all = new String[4 + parameters.length];
        all[0] = "fps";
        all[1] = Double.toString(fps);
        all[2] = "loop";
        all[3] = "true";
        System.arraycopy(parameters, 0, all, 4, parameters.length);
        // loop applies to files only: the service ignores it for a live source.
        return RoutesDir.camera("bench-" + number, source, all);
    }

    /**
     * Starts the service on a routes directory the caller owns (and may edit: the service hot-reloads it).
     *
     * @param log      where the service's output goes
     * @param extraEnv more environment, e.g. EDGEVIDEO_HEAP, EDGEVIDEO_MEMORY_MAX_MEMORY_MB or REDIS_PORT
     */
    static ServiceRun start(Path routes, Path log, Map<String, String> extraEnv) throws Exception {
        int managementPort = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        // Others' benchmarks on the same Redis publish cameras named bench-N too: the node id tells ours apart.
        env.put("EDGEVIDEO_CLUSTER_NODE_ID", nodeId(managementPort));
        env.putAll(extraEnv);
        ServiceProcess process = ServiceProcess.builder().launcher(ServiceProcess.Launcher.SCRIPT).routes(routes)
                .environment(env).managementPort(managementPort).jmxPort(FreePorts.next()).log(log).start();
        try {
            JMXConnector connector = connectJmx(process);
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            return new ServiceRun(process, connector, threads);
        } catch (Exception e) {
            process.close();
            throw e;
        }
    }

    private static JMXConnector connectJmx(ServiceProcess process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                return JMXConnectorFactory.connect(process.jmxUrl());
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not come up (see its log in target/bench)", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** The node id the service names in its frames' metadata. */
    String nodeId() {
        return nodeId(process.managementPort());
    }

    private static String nodeId(int managementPort) {
        return "bench-" + ProcessHandle.current().pid() + "-" + managementPort;
    }

    long pid() {
        return process.pid();
    }

    double cpuSeconds() {
        return ProcessStats.cpuSeconds(process.pid());
    }

    double rssMb() {
        return ProcessStats.rssMb(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Threads of the service's process, native ones (FFmpeg's) included. */
    int threadCount() {
        return ProcessStats.threads(process.pid());
    }

    /** The JVM's threads by name, with numbers taken out (so "pool-3-thread-7" counts as "pool-#-thread-#"). */
    Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                names.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return names;
    }

    int openFiles() {
        return ProcessStats.openFiles(process.pid());
    }

    /** Stops one camera's route over JMX, as an operator would from JConsole; Camel lets its frame in flight finish. */
    void stopRoute(String routeId) throws Exception {
        jmx.getMBeanServerConnection().invoke(new ObjectName(
                "org.apache.camel:context=edge-video,type=routes,name=\"" + routeId + "\""), "stop", null, null);
    }

    /** One scrape of the metrics endpoint. */
    Metrics metrics() throws IOException, InterruptedException {
        return new Metrics(scrape());
    }

    /** Frames published per camera and sink so far, from the metrics endpoint. */
    Map<String, Map<String, Double>> published() throws IOException, InterruptedException {
        return metrics().published();
    }

    private List<String> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + process.managementPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().lines().toList();
    }

    /**
     * CPU seconds of the service's threads by role: {@code grab} (capture: demux, decode, encode),
     * {@code route} (the camera route threads: throttle, multicast hand-off), {@code sinks} (the multicast
     * branches publishing to RabbitMQ and Redis, and the AMQP client's I/O), {@code other}.
     */
    Map<String, Double> cpuByRole() {
        Map<String, Double> answer = new HashMap<>(Map.of("grab", 0.0, "route", 0.0, "sinks", 0.0, "other", 0.0));
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(ids[i]);
            if (nanos < 0) {
                continue;
            }
            String name = infos[i].getThreadName();
            String role = name.endsWith("] grab") ? "grab"
                    : name.endsWith("] route") ? "route"
                    : name.contains("Multicast") || name.contains("sinkThreadPool") || name.startsWith("AMQP") ? "sinks"
                    : "other";
            answer.merge(role, nanos / 1e9, Double::sum);
        }
        return answer;
    }

    @Override
    public void close() throws Exception {
        try {
            jmx.close();
        } catch (IOException e) {
            // the service may be gone already
        }
        process.close();
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found: build first (bench/run does)");
        }
    }
}
