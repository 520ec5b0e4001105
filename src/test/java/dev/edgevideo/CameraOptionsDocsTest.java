package dev.edgevideo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.Test;

/** docs/configuration.md against the camera component's generated catalog: every option documented, by its name. */
class CameraOptionsDocsTest {

    /** Options every Camel endpoint and component has, documented by Camel, not by us. */
    private static final Set<String> CAMEL_OPTIONS = Set.of("bridgeErrorHandler", "exceptionHandler",
            "exchangePattern", "autowiredEnabled", "lazyStartProducer");
    /** Component options that are objects set in Java, not in a properties file. */
    private static final Set<String> JAVA_ONLY = Set.of("reconnectConfiguration", "frameRateCap");

    @Test
    void everyCameraOptionOfTheCatalogIsDocumented() throws IOException {
        JsonNode catalog = new ObjectMapper().readTree(
                Path.of("src/generated/resources/META-INF/dev/edgevideo/camera/camera.json").toFile());
        String docs = Files.readString(Path.of("docs/configuration.md"));
        for (Iterator<String> names = catalog.get("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CAMEL_OPTIONS.contains(name)) {
                assertThat(docs).as("camera parameter %s in docs/configuration.md", name).contains("`" + name + "`");
            }
        }
        for (Iterator<String> names = catalog.get("componentProperties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CAMEL_OPTIONS.contains(name) && !JAVA_ONLY.contains(name)) {
                String key = "camel.component.camera." + StringHelper.camelCaseToDash(name);
                assertThat(docs).as("component option %s in docs/configuration.md", key).contains(key);
            }
        }
    }
}
