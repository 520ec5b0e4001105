package dev.edgevideo.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.testing.RoutesDir;
import dev.edgevideo.testing.RunningService;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TemplatedRoutesTest {

    private static final String CAMERAS = "file:/routes/cameras.camel.yaml";

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    @Test
    void aCamerasFileOfCommentsOnlyOrEmptyHoldsNoCamerasAsBracketsDo() throws Exception {
        assertThat(PluginHelper.getRoutesLoader(context).getRoutesLoader("camel.yaml"))
                .as("the loader Camel finds for *.camel.yaml").isInstanceOf(RoutesYamlLoader.class);
        for (String file : List.of("# every camera commented out\n#- templatedRoute:\n", "", "\n  \n", "[]\n")) {
            assertThat(TemplatedRoutes.read(context, ResourceHelper.fromString(CAMERAS, file))).as(file).isEmpty();
        }
        assertThat(TemplatedRoutes.read(context, ResourceHelper.fromString(CAMERAS,
                "# one camera\n" + RoutesDir.camera("cam1", "/clip.mp4")))).hasSize(1);
    }

    @Test
    void checkRefusesWhatCreatingTheRouteWouldRefuseAndCreatesNothing() throws Exception {
        context.getPropertiesComponent().setLocation(
                "file:" + RunningService.home().resolve("config/application.properties"));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context,
                "file:" + RunningService.home().resolve("routes/camera-pipeline.camel.yaml")));

        assertThatCode(() -> TemplatedRoutes.check(context, entry("cam1", "fps", "0.5", "width", "640")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TemplatedRoutes.check(context, entry("cam1", "fps", "0")))
                .hasMessageContaining("camera:cam1 option 'fps' must be > 0");
        assertThatThrownBy(() -> TemplatedRoutes.check(context, entry("cam1", "fps", "abc")))
                .hasMessageContaining("camera cam1: fps = 'abc' is not valid: expected a number: target output rate"
                                     + " in frames per second (may be below 1), e.g. 2");
        assertThatThrownBy(() -> TemplatedRoutes.check(context, entry("cam1", "fsp", "2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("camera route cam1 has unknown parameter(s) [fsp]")
                .hasMessageContaining("did you mean fps?");
        assertThatThrownBy(() -> TemplatedRoutes.check(context, entry("cam1", "exchange", "{{no.such.key}}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camera route cam1: its sink spring-rabbitmq:{{exchange}} cannot be resolved:")
                .hasMessageContaining("no.such.key")
                .hasMessageEndingWith("fix the parameter's value or define the property");
        assertThat(context.getRoutes()).isEmpty();
        assertThat(context.getEndpoints()).noneMatch(endpoint -> endpoint.getEndpointUri().startsWith("camera:"));
        assertThat(context.getPropertiesComponent().getLocalProperties()).as("template parameters left behind")
                .isNull();
    }

    private TemplatedRouteDefinition entry(String id, String... parameters) throws Exception {
        String yaml = RoutesDir.camera(id, "/clip.mp4", parameters);
        return TemplatedRoutes.read(context, ResourceHelper.fromString(CAMERAS, yaml)).get(0);
    }
}
