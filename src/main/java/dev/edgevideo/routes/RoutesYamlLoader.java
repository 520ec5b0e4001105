package dev.edgevideo.routes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.apache.camel.spi.Resource;

/**
 * Camel's YAML routes loader, except that a file with no YAML in it (empty, blank or comments only) holds no
 * routes, as {@code []} does, instead of failing with "Resource is empty" or "Unable to parse resource": a cameras
 * file whose entries were all deleted or commented out means no cameras, at start-up and on reload alike. Camel
 * finds it for {@code *.camel.yaml} by {@code META-INF/services/org/apache/camel/routes-loader/camel-yaml}.
 */
public class RoutesYamlLoader extends YamlRoutesBuilderLoader {

    @Override
    protected InputStream resourceInputStream(Resource resource) throws IOException {
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
            return new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8));
        }
        return super.resourceInputStream(resource);
    }
}
