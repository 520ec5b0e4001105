package dev.edgevideo.routes;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/** Reads the {@code templatedRoute} entries (the cameras) of a routes file without adding anything to Camel. */
final class TemplatedRoutes {

    private TemplatedRoutes() {
    }

    static List<TemplatedRouteDefinition> read(CamelContext context, Resource resource) throws Exception {
        List<TemplatedRouteDefinition> answer = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(context);
                answer.addAll(routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes());
            }
        }
        return answer;
    }
}
