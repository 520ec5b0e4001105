package dev.edgevideo.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgevideo.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each camera option is declared once, on the endpoint ({@code @UriParam}); the route template must offer
 * exactly those options and pass each one to {@code camera:}. This test fails the day they drift apart.
 */
class PipelineTemplateParametersTest {

    /** Camel's own consumer options, which a camera entry has no business setting. */
    private static final Set<String> CAMEL_CONSUMER_OPTIONS = Set.of("bridgeErrorHandler", "exceptionHandler",
            "exchangePattern");
    /** Template parameters that are not camera options: they configure the sinks. */
    private static final Set<String> SINK_PARAMETERS = Set.of("exchange", "routingKey");

    @Test
    void theTemplateOffersEveryCameraOptionAndPassesEachToTheEndpoint() throws Exception {
        Set<String> endpointOptions = endpointOptions();
        Map<String, Object> template = template();

        Set<String> parameters = new TreeSet<>();
        for (Object parameter : (List<?>) template.get("parameters")) {
            parameters.add((String) ((Map<?, ?>) parameter).get("name"));
        }
        parameters.removeAll(SINK_PARAMETERS);
        assertThat(parameters).as("template parameters of camera-pipeline").isEqualTo(endpointOptions);

        Map<?, ?> from = (Map<?, ?>) ((Map<?, ?>) template.get("route")).get("from");
        Set<String> passed = new TreeSet<>();
        for (Object name : ((Map<?, ?>) from.get("parameters")).keySet()) {
            passed.add((String) name);
        }
        passed.add("cameraId"); // the endpoint's path, camera:{{cameraId}}
        assertThat(passed).as("options the template passes to camera:").isEqualTo(endpointOptions);
        assertThat(from.get("uri")).isEqualTo("camera:{{cameraId}}");
    }

    private static Set<String> endpointOptions() throws Exception {
        Set<String> options = new TreeSet<>();
        try (InputStream catalog = PipelineTemplateParametersTest.class
                .getResourceAsStream("/META-INF/dev/edgevideo/camera/camera.json")) {
            JsonNode properties = new ObjectMapper().readTree(catalog).get("properties");
            properties.fieldNames().forEachRemaining(options::add);
        }
        options.removeAll(CAMEL_CONSUMER_OPTIONS);
        return options;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template() throws Exception {
        Path file = RunningService.home().resolve("routes/camera-pipeline.camel.yaml");
        List<Object> documents = (List<Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file));
        return (Map<String, Object>) ((Map<String, Object>) documents.get(0)).get("routeTemplate");
    }
}
