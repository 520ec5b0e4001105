package dev.edgevideo.operations;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;

import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import dev.edgevideo.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote JMX with a password file, as docs/operations.md tells an operator to expose it: {@code bin/edge-video}
 * with {@code EDGEVIDEO_JMX_PORT} and {@code EDGEVIDEO_JMX_PASSWORD_FILE}, the roles from
 * {@code config/jmxremote.access}.
 */
class RemoteJmxIT {

    private static final ObjectName ROUTE =
            objectName("org.apache.camel:context=edge-video,type=routes,name=\"ops-jmx1\"");

    @TempDir
    Path work;

    @Test
    void controlRoleStopsAndStartsACameraMonitorRoleOnlyReadsAndOthersAreRefused() throws Exception {
        Path passwords = work.resolve("jmx.password");
        Files.writeString(passwords, "controlRole c0ntrol\nmonitorRole m0nitor\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        String clip = RunningService.home().resolve("samples/demo-720p.mp4").toString();
        Path routes = RoutesDir.withCameras(work.resolve("routes"),
                RoutesDir.camera("ops-jmx1", clip, "loop", "true", "fps", "1"));
        try (ServiceProcess service = ServiceProcess.builder().launcher(ServiceProcess.Launcher.SCRIPT).routes(routes)
                .jmxPort(FreePorts.next()).environment(Map.of("EDGEVIDEO_JMX_PASSWORD_FILE", passwords.toString()))
                .log(work.resolve("service.log")).start()) {
            await().atMost(40, SECONDS).ignoreExceptions().until(() -> "Started".equals(read(service, "controlRole",
                    "c0ntrol")));

            try (JMXConnector monitor = connect(service, "monitorRole", "m0nitor")) {
                MBeanServerConnection jmx = monitor.getMBeanServerConnection();
                assertThat(jmx.getAttribute(ROUTE, "State")).isEqualTo("Started");
                assertThatThrownBy(() -> jmx.invoke(ROUTE, "stop", null, null)).isInstanceOf(SecurityException.class);
            }
            try (JMXConnector control = connect(service, "controlRole", "c0ntrol")) {
                MBeanServerConnection jmx = control.getMBeanServerConnection();
                jmx.invoke(ROUTE, "stop", null, null);
                assertThat(jmx.getAttribute(ROUTE, "State")).isEqualTo("Stopped");
                jmx.invoke(ROUTE, "start", null, null);
                assertThat(jmx.getAttribute(ROUTE, "State")).isEqualTo("Started");
            }
            assertThatThrownBy(() -> connect(service, "controlRole", "wrong")).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(service.jmxUrl()))
                    .as("no credentials").isInstanceOf(SecurityException.class);
        }
    }

    private static Object read(ServiceProcess service, String role, String password) throws Exception {
        try (JMXConnector connector = connect(service, role, password)) {
            return connector.getMBeanServerConnection().getAttribute(ROUTE, "State");
        }
    }

    private static JMXConnector connect(ServiceProcess service, String role, String password) throws Exception {
        return JMXConnectorFactory.connect(service.jmxUrl(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {role, password}));
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
