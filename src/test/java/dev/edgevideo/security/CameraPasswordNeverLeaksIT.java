package dev.edgevideo.security;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.rabbitmq.client.Channel;
import dev.edgevideo.testing.Brokers;
import dev.edgevideo.testing.BrokenCamera;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.Http;
import dev.edgevideo.testing.MjpegHttpCamera;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants camera passwords and looks for them everywhere the service shows something: every log line at DEBUG
 * (FFmpeg's own at debug level included), every API answer, the status page, metrics, health with full exposure
 * and details, the camera_status events, every attribute of every Camel and edge-video MBean. The secrets are
 * proven to have reached the service first: the password-protected camera streams only to a client that sent it,
 * and the refused and garbage cameras keep failing with it in their URL.
 */
class CameraPasswordNeverLeaksIT {

    private static final String RTSP_SECRET = "Pl4ntedS3cret";
    private static final String HTTP_SECRET = "Htt9Pl4ntedPw";
    private static final List<String> CAMERAS = List.of("tls-leak-http", "tls-leak-refused", "tls-leak-garbage");

    @TempDir
    Path work;

    @Test
    void aPlantedCameraPasswordAppearsNowhere() throws Exception {
        List<String> secrets = List.of(RTSP_SECRET, HTTP_SECRET, basic("user", RTSP_SECRET),
                basic("viewer", HTTP_SECRET));
        Map<String, String> seen = new LinkedHashMap<>();
        List<String> events = new CopyOnWriteArrayList<>();
        String camerasUrl;
        try (MjpegHttpCamera http = MjpegHttpCamera.withPassword(320, 240, 10, "viewer", HTTP_SECRET);
             BrokenCamera garbage = new BrokenCamera(BrokenCamera.Behaviour.GARBAGE);
             Brokers brokers = new Brokers(); CapturedLogs logs = CapturedLogs.captureEverything()) {
            int garbagePort = Integer.parseInt(garbage.url().replaceAll(".*:(\\d+)/.*", "$1"));
            Path routes = RoutesDir.withCameras(work.resolve("routes"),
                    RoutesDir.camera("tls-leak-http", http.url()),
                    RoutesDir.camera("tls-leak-refused", "rtsp://user:" + RTSP_SECRET + "@127.0.0.1:"
                                                         + BrokenCamera.refusedPort() + "/x"),
                    RoutesDir.camera("tls-leak-garbage", "rtsp://user:" + RTSP_SECRET + "@127.0.0.1:"
                                                         + garbagePort + "/x"));
            Channel channel = brokers.channel();
            String queue = channel.queueDeclare().getQueue();
            for (String camera : CAMERAS) {
                channel.queueBind(queue, "edgevideo.events", "camera." + camera + ".status");
            }
            channel.basicConsume(queue, true, (tag, delivery) -> events.add(
                    new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> { });
            try (RunningService service = RunningService.start(routes,
                    Map.of("camel.component.camera.ffmpeg-log-level", "debug"))) {
                await().atMost(30, SECONDS).until(() -> http.authorizedStreams() > 0
                                                        && brokers.frameKeys("tls-leak-http").size() >= 2);
                await().atMost(30, SECONDS)
                        .until(() -> garbage.acceptedConnections() > 0 && logs.contains("tls-leak-refused")
                                     && events.stream().anyMatch(e -> e.contains("tls-leak-refused")));
                String api = "http://127.0.0.1:" + service.httpPort();
                camerasUrl = api + "/api/v1/cameras";
                String management = "http://127.0.0.1:" + service.managementPort();
                List<String> urls = new ArrayList<>(List.of(api + "/", api + "/index.html", api + "/status.js",
                        api + "/api/v1/cameras", api + "/api/v1/status", api + "/api/v1/memory",
                        api + "/api/v1/memory/health", api + "/api/v1/memory/stats", api + "/api/v1/cluster",
                        management + "/metrics", management + "/observe/health?exposureLevel=full&data=true"));
                for (String camera : CAMERAS) {
                    urls.add(api + "/api/v1/cameras/" + camera);
                    urls.add(api + "/api/v1/cameras/" + camera + "/snapshot.jpg");
                }
                for (String url : urls) {
                    seen.put(url, Http.get(url).body());
                }
                seen.putAll(mbeanAttributes());
            } finally {
                channel.queueDelete(queue);
                CAMERAS.forEach(camera -> {
                    try {
                        brokers.forget(camera);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            assertThat(seen).as("the API lists the cameras").hasEntrySatisfying(camerasUrl,
                    body -> assertThat(body).contains(CAMERAS));
            assertThat(logs.lines()).as("FFmpeg's own log is in the scan").anyMatch(line -> line.contains("FFmpeg"));
            for (int i = 0; i < events.size(); i++) {
                seen.put("camera_status event " + i, events.get(i));
            }
            List<String> lines = logs.lines();
            for (int i = 0; i < lines.size(); i++) {
                seen.put("log line " + i, lines.get(i));
            }
        }
        Map<String, String> leaks = new LinkedHashMap<>();
        seen.forEach((where, text) -> secrets.stream().filter(secret -> text != null && text.contains(secret))
                .findFirst()
                .ifPresent(secret -> leaks.put(where, text.length() > 400 ? text.substring(0, 400) : text)));
        System.out.println("SCANNED " + seen.size() + " sources for planted camera passwords");
        assertThat(leaks).as("places showing a planted camera password").isEmpty();
    }

    /** Every readable attribute of every Camel and edge-video MBean, as text; an attribute that fails is skipped. */
    private static Map<String, String> mbeanAttributes() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (ObjectName name : server.queryNames(null, null)) {
            if (!name.getDomain().startsWith("org.apache.camel") && !name.getDomain().startsWith("dev.edgevideo")) {
                continue;
            }
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    Object value = server.getAttribute(name, attribute.getName());
                    attributes.put("JMX " + name + " " + attribute.getName(),
                            value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value));
                } catch (Exception | LinkageError e) {
                    // an attribute that cannot be read shows nothing
                }
            }
        }
        assertThat(attributes).as("MBean attributes read").hasSizeGreaterThan(100);
        return attributes;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
