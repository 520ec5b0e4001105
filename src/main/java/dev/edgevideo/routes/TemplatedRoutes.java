package dev.edgevideo.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EndpointHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;

/**
 * Reads the {@code templatedRoute} entries (the cameras) of a routes file, and tries one, without adding anything to
 * Camel.
 */
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

    /**
     * Fails, with the message creating its route would fail with, for an entry whose parameters its template does
     * not declare ({@link TemplateParameterCheck}) or whose consumer endpoint (the camera's options) is invalid.
     * Creates nothing: the endpoint is built from the template's {@code from} with the entry's parameters and
     * dropped, never started.
     */
    static void check(CamelContext context, TemplatedRouteDefinition entry) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(entry.getRouteTemplateRef());
        if (template == null) {
            throw new IllegalArgumentException("Cannot find RouteTemplate with id " + entry.getRouteTemplateRef());
        }
        // As Camel merges them: the template's defaults, then the entry's values, under both name spellings.
        Properties parameters = new Properties();
        template.getTemplateParameters().stream().filter(parameter -> parameter.getDefaultValue() != null)
                .forEach(parameter -> parameters.put(parameter.getName(), parameter.getDefaultValue()));
        entry.getParameters().forEach(parameter -> {
            parameters.put(parameter.getName(), parameter.getValue());
            parameters.put(StringHelper.dashToCamelCase(parameter.getName()), parameter.getValue());
        });
        Set<String> given = entry.getParameters().stream()
                .map(parameter -> StringHelper.dashToCamelCase(parameter.getName())).collect(Collectors.toSet());
        TemplateParameterCheck.check(entry.getRouteId(), template, given);
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocalProperties(parameters);
        try {
            String uri = EndpointHelper.resolveEndpointUriPropertyPlaceholders(context,
                    template.getRoute().getInput().getEndpointUri());
            context.getComponent(StringHelper.before(uri, ":")).createEndpoint(uri);
        } finally {
            properties.setLocalProperties(null);
        }
    }
}
