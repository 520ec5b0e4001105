package dev.edgevideo.workarounds;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.CapturedLogs;
import dev.edgevideo.testing.FreePorts;
import dev.edgevideo.testing.Http;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries for the Camel behaviours the service works around (docs/development.md, "Camel workarounds"): each test
 * exercises Camel directly and asserts the faulty behaviour, so it fails the day Camel is fixed and the workaround
 * can go. Checked on Camel 4.18.0.
 */
class CamelWorkaroundsCanaryTest {

    static final AtomicInteger BEAN_CALLS = new AtomicInteger();

    @TempDir
    Path work;

    /** A configuration class camel-main instantiates itself, counting its bean method's calls. */
    public static class CountingConfiguration implements CamelConfiguration {

        @BindToRegistry("counted")
        public Object counted() {
            BEAN_CALLS.incrementAndGet();
            return new Object();
        }
    }

    /**
     * Workaround in {@code EdgeVideoApplication}: configurations are added as instances. Added as a class,
     * camel-main post-processes the configuration twice and runs its {@code @BindToRegistry} methods twice
     * (it would open every connection factory twice).
     */
    @Test
    void camelMainRunsTheBeanMethodsOfAConfigurationClassTwice() throws Exception {
        BEAN_CALLS.set(0);
        Main main = bareMain();
        main.configure().addConfiguration(CountingConfiguration.class);
        try {
            main.start();
        } finally {
            main.stop();
        }
        assertThat(BEAN_CALLS.get()).as("calls of a @BindToRegistry method of a configuration class; 1 means"
                                         + " Camel is fixed: add configurations as classes again").isEqualTo(2);
    }

    /** The same configuration added as an instance is post-processed once: what the service does. */
    @Test
    void aConfigurationAddedAsAnInstanceRunsItsBeanMethodsOnce() throws Exception {
        BEAN_CALLS.set(0);
        Main main = bareMain();
        main.configure().addConfiguration(new CountingConfiguration());
        try {
            main.start();
        } finally {
            main.stop();
        }
        assertThat(BEAN_CALLS.get()).isEqualTo(1);
    }

    /**
     * Workaround: {@code EdgeVideoApplication.propertiesLocation(configDir, profile)} puts the profile's file in the
     * locations itself. camel-main adds {@code application-<profile>.properties} only when it chooses the
     * locations (on the class path); given a location, as the service gives its configuration file, it reads no
     * profile file.
     */
    @Test
    void camelMainReadsNoProfileFileBesideAGivenPropertiesLocation() throws Exception {
        Files.writeString(work.resolve("application.properties"), "canary.source = base\n");
        Files.writeString(work.resolve("application-canary.properties"), "canary.source = profile\n");
        Main main = bareMain();
        main.setPropertyPlaceholderLocations("file:" + work.resolve("application.properties"));
        main.configure().setProfile("canary");
        try {
            main.start();
            assertThat(main.getCamelContext().resolvePropertyPlaceholders("{{canary.source}}"))
                    .as("'profile' means camel-main reads the profile's file itself: drop the profile location from"
                        + " EdgeVideoApplication.propertiesLocation").isEqualTo("base");
        } finally {
            main.stop();
        }
    }

    /**
     * Workaround: {@code EnvironmentOverrides} maps each known key to its variable. camel-main binds
     * {@code camel.*} keys from the environment but skips every variable ending in {@code _PORT} (taken for a
     * Kubernetes service link): {@code CAMEL_SERVER_HOST} is bound, {@code CAMEL_SERVER_PORT} is not. Run in a
     * JVM of its own, the only way to give it variables.
     */
    @Test
    void camelMainSkipsEnvironmentVariablesEndingInPort() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerSettingsFromEnvironment.class.getName());
        builder.environment().put("CAMEL_SERVER_HOST", "127.0.0.2");
        builder.environment().put("CAMEL_SERVER_PORT", "18123");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("host=127.0.0.2");
        assertThat(output).as("port=18123 means camel-main binds CAMEL_SERVER_PORT: EnvironmentOverrides can go")
                .contains("port=8080");
    }

    /** Prints the {@code camel.server.*} host and port camel-main bound, from the environment it was given. */
    public static final class ServerSettingsFromEnvironment {

        public static void main(String[] args) throws Exception {
            Main main = bareMain();
            try {
                main.init();
                System.out.println("host=" + main.configure().httpServer().getHost());
                System.out.println("port=" + main.configure().httpServer().getPort());
            } finally {
                main.stop();
            }
        }
    }

    /**
     * Workaround: {@code routes/TemplatedRoutesReloadStrategy} diffs the cameras file. Camel's route reload (the
     * call {@code RouteWatcherReloadStrategy} makes) reloads routes and templates but no {@code templatedRoute}
     * entry ({@code RouteBuilder.updateRoutesToCamelContext} never populates them): a camera added to the file
     * while running would not start.
     */
    @Test
    void routeReloadCreatesNoTemplatedRoute() throws Exception {
        // .yaml, not .camel.yaml: Camel's own loader, not the service's RoutesYamlLoader on the class path.
        Path file = work.resolve("cameras.yaml");
        Files.writeString(file, templatedRoutes("canary-a"));
        try (CamelContext context = new DefaultCamelContext()) {
            Resource resource = ResourceHelper.resolveResource(context, "file:" + file);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            context.start();
            assertThat(context.getRoute("canary-a")).isNotNull();

            Files.writeString(file, templatedRoutes("canary-a", "canary-b"));
            PluginHelper.getRoutesLoader(context).updateRoutes(List.of(resource));
            assertThat(context.getRoute("canary-b")).as("a route means Camel's reload creates templated routes:"
                                                        + " TemplatedRoutesReloadStrategy can go").isNull();
        }
    }

    private static String templatedRoutes(String... routeIds) {
        StringBuilder yaml = new StringBuilder("""
                - routeTemplate:
                    id: canary-template
                    parameters:
                      - name: name
                    from:
                      uri: "timer:{{name}}?period=60000"
                      steps:
                        - log: "{{name}}"
                """);
        for (String routeId : routeIds) {
            yaml.append("""
                    - templatedRoute:
                        routeTemplateRef: canary-template
                        routeId: %s
                        parameters:
                          - name: name
                            value: %s
                    """.formatted(routeId, routeId));
        }
        return yaml.toString();
    }

    /**
     * Workaround: {@code routes/RoutesConfiguration.readableOnly} skips files that do not parse, which
     * {@code TemplatedRoutesReloadStrategy} reports in one line. Camel's route reload logs each with its whole
     * stack trace.
     */
    @Test
    void routeReloadLogsAStackTraceForARoutesFileThatDoesNotParse() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (CamelContext context = new DefaultCamelContext(); CapturedLogs logs = CapturedLogs.capture()) {
            RouteWatcherReloadStrategy reload = new RouteWatcherReloadStrategy(routes.toString());
            // *.yaml, not *.camel.yaml: Camel's own loader, not the service's RoutesYamlLoader on the class path.
            reload.setPattern("*.yaml");
            reload.setRemoveAllRoutes(false);
            context.addService(reload);
            context.start();

            Files.writeString(routes.resolve("broken.yaml"), "- route:\n    from: [unclosed\n");
            // " | " and then the exception: the line carries a stack trace.
            await().atMost(20, SECONDS).until(() -> logs.contains("Error reloading routes from file", "broken.yaml",
                    " | "));
        }
    }

    /**
     * Workaround in {@code routes/RoutesYamlLoader}: Camel's own YAML loader fails a routes file without YAML,
     * where the service reads it as no routes (a cameras file whose cameras are all commented out).
     */
    @Test
    void camelsYamlLoaderFailsARoutesFileOfCommentsOnlyOrEmpty() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            YamlRoutesBuilderLoader camel = new YamlRoutesBuilderLoader();
            camel.setCamelContext(context);
            camel.start();
            assertThatThrownBy(() -> camel.loadRoutesBuilder(ResourceHelper.fromString("file:/r/cameras.camel.yaml",
                    "# every camera commented out\n"))).as("comments only; no failure means Camel is fixed")
                    .hasMessageContaining("Unable to parse resource");
            assertThatThrownBy(() -> camel.loadRoutesBuilder(ResourceHelper.fromString("file:/r/cameras.camel.yaml",
                    ""))).as("empty; no failure means Camel is fixed").hasMessageContaining("Resource is empty");
        }
    }

    /**
     * Workaround: while Camel stops, {@code sink/CameraStatusEvents} hands a camera's STOPPED event over waiting
     * until it is published, so it is out before the shutdown looks. Camel's graceful shutdown looks for exchanges
     * in flight once a second (a fixed 1 s sleep in {@code DefaultShutdownStrategy}): one that completes 100 ms
     * into the stop costs it a whole second.
     */
    @Test
    void gracefulShutdownWaitsAWholeSecondForAnExchangeInFlight() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:canary").routeId("canary-shutdown").process(exchange -> {
                        inFlight.countDown();
                        release.await(10, TimeUnit.SECONDS);
                    });
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("seda:canary", "frame");
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.runAsync(release::countDown,
                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
            long start = System.nanoTime();
            context.stop();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(stopMillis).as("well under a second means Camel no longer sleeps 1 s between looks:"
                                      + " CameraStatusEvents need not wait").isGreaterThanOrEqualTo(900);
        }
    }

    /**
     * Workaround: {@code http/ServerSettings} tries the bind first and stops start-up. Camel logs a Vert.x bind
     * failure and starts anyway, without its HTTP server.
     */
    @Test
    void camelStartsWithoutItsHttpServerWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Main main = bareMain();
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.server.host", "127.0.0.1");
            main.addOverrideProperty("camel.server.port", Integer.toString(taken.getLocalPort()));
            try {
                main.start();
                assertThat(main.getCamelContext().getStatus()).as("not started means Camel fails on a taken port:"
                        + " ServerSettings' bind check can go").isEqualTo(ServiceStatus.Started);
            } finally {
                main.stop();
            }
        }
    }

    /**
     * Workaround: {@code http/HttpServersCheck} logs where each server really listens (Camel's summary logger is
     * turned down in log4j2.xml). Camel's endpoint summary prints {@code http://0.0.0.0:<port>} whatever the bind
     * address.
     */
    @Test
    void camelsEndpointSummaryPrintsTheWildcardAddressWhateverTheBindAddress() throws Exception {
        int port = FreePorts.next();
        Main main = bareMain();
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/canary").routeId("canary-http").setBody(constant("ok"));
            }
        });
        try (CapturedLogs logs = CapturedLogs.captureEverything()) {
            main.start();
            await().atMost(10, SECONDS).until(() -> logs.lines().stream().anyMatch(line -> line.contains("/canary")));
            assertThat(logs.contains("http://0.0.0.0:" + port + "/canary"))
                    .as("the bind address in Camel's summary: HttpServersCheck's own line can go").isTrue();
        } finally {
            main.stop();
        }
    }

    /**
     * Workaround: {@code CameraConsumerHealthCheck} puts the URL and error only in the details. Camel's management
     * server escapes a health check's message twice ({@code Jsoner.escape}, then the JSON writer): a URL reads
     * {@code rtsp:\\/\\/} in the response.
     */
    @Test
    void theManagementServerEscapesHealthMessagesTwice() throws Exception {
        int port = FreePorts.next();
        Main main = bareMain();
        main.addOverrideProperty("camel.management.enabled", "true");
        main.addOverrideProperty("camel.management.host", "127.0.0.1");
        main.addOverrideProperty("camel.management.port", Integer.toString(port));
        main.addOverrideProperty("camel.management.health-check-enabled", "true");
        try {
            main.start();
            HealthCheckRegistry.get(main.getCamelContext()).register(new AbstractHealthCheck("canary", "canary") {
                @Override
                protected void doCall(HealthCheckResultBuilder builder, java.util.Map<String, Object> options) {
                    builder.message("rtsp://camera/stream").detail("canary.url", "rtsp://camera/stream").down();
                }
            });
            HttpResponse<String> response = Http.get("http://127.0.0.1:" + port
                                                     + "/observe/health?exposureLevel=full&data=true");
            JsonNode canary = null;
            for (JsonNode check : new ObjectMapper().readTree(response.body()).get("checks")) {
                if ("canary".equals(check.get("name").asText())) {
                    canary = check;
                }
            }
            assertThat(canary).as(response.body()).isNotNull();
            assertThat(canary.get("data").get("canary.url").asText()).isEqualTo("rtsp://camera/stream");
            assertThat(canary.get("message").asText())
                    .as("rtsp://camera/stream means Camel is fixed: the camera's message may carry its error again")
                    .isEqualTo("rtsp:\\/\\/camera\\/stream");
        } finally {
            main.stop();
        }
    }

    /**
     * Workaround: {@code CameraConsumer} registers its health check in the {@code HealthCheckRegistry}. Camel
     * (camel-health) has no writable {@code components} repository, camel-kafka's way of registering its consumer
     * checks.
     */
    @Test
    void thereIsNoComponentsHealthCheckRepository() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            assertThat(registry).isNotNull();
            assertThat(registry.isEnabled()).isTrue();
            assertThat(HealthCheckHelper.getHealthCheckRepository(context, "components"))
                    .as("a repository means Camel has one: register the camera checks there").isNull();
        }
    }

    /**
     * Workaround: {@code cluster/ClusterConfiguration} adds the ZooKeeper cluster service to the context itself.
     * camel-main has no {@code camel.cluster.*} options to configure one.
     */
    @Test
    void camelMainHasNoClusterOptions() throws Exception {
        String metadata;
        try (InputStream in = Main.class.getResourceAsStream("/META-INF/camel-main-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(metadata).contains("\"camel.main.name\"")
                .as("camel.cluster.* options: configure the cluster service through camel-main")
                .doesNotContain("\"camel.cluster.");
    }

    private static Main bareMain() {
        Main main = new Main();
        main.configure().setBasePackageScanEnabled(false);
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        return main;
    }
}
