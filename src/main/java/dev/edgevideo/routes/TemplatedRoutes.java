package dev.edgevideo.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import dev.edgevideo.settings.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EndpointHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;
import org.springframework.core.NestedExceptionUtils;

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
     * not declare ({@link TemplateParameterCheck}), whose consumer endpoint (the camera's options) is invalid, or
     * whose values leave a placeholder of a sink's endpoint unresolved. Creates nothing: the consumer endpoint is built
     * from the template's {@code from} with the entry's parameters and dropped, never started.
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
            for (SendDefinition<?> sink : ProcessorDefinitionHelper.filterTypeInOutputs(
                    template.getRoute().getOutputs(), SendDefinition.class)) {
                try {
                    EndpointHelper.resolveEndpointUriPropertyPlaceholders(context, sink.getEndpointUri());
                } catch (RuntimeException e) {
                    String endpoint = StringHelper.before(sink.getEndpointUri(), "?", sink.getEndpointUri());
                    throw new ConfigurationException("camera route " + entry.getRouteId() + ": its sink " + endpoint
                            + " cannot be resolved: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage()
                            + "; fix the parameter's value or define the property", e);
                }
            }
            String uri = EndpointHelper.resolveEndpointUriPropertyPlaceholders(context,
                    template.getRoute().getInput().getEndpointUri());
            context.getComponent(StringHelper.before(uri, ":")).createEndpoint(uri);
        } finally {
            properties.setLocalProperties(null);
        }
    }
}
