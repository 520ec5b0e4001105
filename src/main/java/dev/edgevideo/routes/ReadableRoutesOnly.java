package dev.edgevideo.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reloading, minus its report of a file that does not parse: for that Camel logs its whole stack
 * trace (about 60 lines for a YAML syntax error), while {@link TemplatedRoutesReloadStrategy}, watching the same
 * directory, already says it in one line with the file, line and column. Such a file is left to that line and
 * reloaded by Camel once it is saved whole. (A file an editor truncated before writing reads as no routes, see
 * {@link RoutesYamlLoader}, and changes nothing here.)
 */
final class ReadableRoutesOnly implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(ReadableRoutesOnly.class);

    private final CamelContext context;
    private final ResourceReload camel;

    ReadableRoutesOnly(CamelContext context, ResourceReload camel) {
        this.context = context;
        this.camel = camel;
    }

    @Override
    public void onReload(String name, Resource resource) throws Exception {
        if (readable(resource)) {
            camel.onReload(name, resource);
        }
    }

    private boolean readable(Resource resource) {
        try {
            TemplatedRoutes.read(context, resource);
            return true;
        } catch (Exception e) {
            LOG.debug("Routes file {} does not parse, not reloaded (reported by the cameras' reload): {}",
                    resource.getLocation(), e.getMessage());
            return false;
        }
    }
}
