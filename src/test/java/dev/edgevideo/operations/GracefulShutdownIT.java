package dev.edgevideo.operations;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service started as an operator starts it ({@code bin/edge-video}, which runs
 * {@code target/edge-video.jar}), with remote JMX on, then stopped with SIGTERM.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ServiceProcess service;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.kill();
        }
    }

    @Test
    void sigtermDrainsReleasesEveryGrabberPrintsTheFinalReportAndExitsZeroWithinTenSeconds() throws Exception {
        String clip = RunningService.home().resolve("samples/demo-720p.mp4").toString();
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("ops-stop1", clip, "loop", "true", "fps", "2"),
                RoutesDir.camera("ops-stop2", clip, "loop", "true", "fps", "1"));
        Path output = work.resolve("service.log");
        service = ServiceProcess.builder().launcher(ServiceProcess.Launcher.SCRIPT).routes(routes)
                .jmxPort(FreePorts.next()).log(output).start();
        String api = "http://127.0.0.1:" + service.httpPort();

        await().atMost(40, SECONDS).until(() -> published(api, "ops-stop1") >= 3 && published(api, "ops-stop2") >= 2);
        try (JMXConnector connector = JMXConnectorFactory.connect(service.jmxUrl())) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThat(jmx.getAttribute(new ObjectName(
                    "org.apache.camel:context=edge-video,type=cameras,name=\"ops-stop1\""), "State"))
                    .isEqualTo("STREAMING");
            assertThat(jmx.getAttribute(new ObjectName(
                    "org.apache.camel:context=edge-video,type=routes,name=\"ops-stop2\""), "State"))
                    .isEqualTo("Started");
        }

        long signalled = System.nanoTime();
        service.terminate(); // SIGTERM
        assertThat(service.waitFor(Duration.ofSeconds(15))).as("exited").isTrue();
        double seconds = (System.nanoTime() - signalled) / 1e9;
        String log = Files.readString(output);
        assertThat(service.exitCode()).as("exit code; log:\n" + log).isZero();
        assertThat(seconds).as("seconds from SIGTERM to exit").isLessThan(10);
        assertThat(log).contains("FINAL REPORT", "[ops-stop1]", "[ops-stop2]", "frames captured:", "efficiency:",
                "frames published: rabbitmq", "reconnects:", "Memory: peak RSS", "GC: ",
                "FFmpeg sessions still open: 0");
        assertThat(log.indexOf("Stopped ops-stop1")).as("cameras stop before the report")
                .isLessThan(log.indexOf("FINAL REPORT"));
        // Camel's own figure, and its first part, stopping the routes: that took 1.3 s and more while the events
        // route's queue was polled once a second and each idle camera finished its quarter-second poll; what follows
        // it (report, servers, MBeans, connections) is Camel's own (docs/operations.md).
        Matcher shutdown = Pattern.compile("\\(edge-video\\) shutdown in (?:(\\d+)s)?(?:(\\d+)ms)?").matcher(log);
        assertThat(shutdown.find()).as("Camel's shutdown line in\n" + log).isTrue();
        long millis = Long.parseLong(Objects.requireNonNullElse(shutdown.group(1), "0")) * 1000
                      + Long.parseLong(Objects.requireNonNullElse(shutdown.group(2), "0"));
        long routesMillis = Duration.between(time(log, "(edge-video) is shutting down"), time(log, "Routes stopped"))
                .toMillis();
        System.out.printf("GracefulShutdownIT: Camel's shutdown took %d ms, stopping the routes %d ms%n", millis,
                routesMillis);
        String stopping = log.substring(log.lastIndexOf('\n', log.indexOf("is shutting down")) + 1);
        assertThat(routesMillis).as("milliseconds to stop the routes:\n" + stopping).isLessThan(1000);
    }

    /** The time of the first log line holding {@code text} (the layout starts with HH:mm:ss.SSS). */
    private static LocalTime time(String log, String text) {
        String line = log.lines().filter(candidate -> candidate.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + text + " in\n" + log));
        return LocalTime.parse(line.substring(0, 12));
    }

    private static long published(String api, String cameraId) {
        try {
            return JSON.readTree(Http.get(api + "/api/v1/cameras/" + cameraId).body()).at("/frames/redis").asLong();
        } catch (Exception e) {
            return 0; // not up yet
        }
    }
}
