package dev.edgevideo.routes;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.KnownKeys;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.util.StringHelper;

/**
 * Refuses a camera entry with a parameter its template does not declare: Camel would ignore it silently, and
 * a misspelt option ({@code frameRate} for {@code fps}) would leave the operator wondering why it has no
 * effect. The message names the route, the unknown parameters and the valid ones. Applies at start-up and on
 * hot reload alike.
 */
final class TemplateParameterCheck extends ModelLifecycleStrategySupport {

    private final Model model;

    TemplateParameterCheck(Model model) {
        this.model = model;
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        if (!route.isCreatedFromTemplate() || route.getTemplateParameters() == null) {
            return;
        }
        // Camel adds a dashed alias (routing-key) of every camelCase parameter: compare the camelCase forms.
        Set<String> given = route.getTemplateParameters().keySet().stream().map(StringHelper::dashToCamelCase)
                .collect(Collectors.toSet());
        // A templated route does not record its template's id: the template declaring most of its
        // parameters is the one it came from.
        RouteTemplateDefinition template = model.getRouteTemplateDefinitions().stream()
                .max(Comparator.comparingLong(
                        candidate -> given.stream().filter(declared(candidate)::contains).count()))
                .orElse(null);
        if (template != null) {
            check(route.getRouteId(), template, given);
        }
    }

    /** @param given the parameters of a templated route of {@code template}, in camelCase */
    static void check(String routeId, RouteTemplateDefinition template, Set<String> given) {
        Set<String> valid = declared(template);
        Set<String> unknown = given.stream().filter(name -> !valid.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            String hint = unknown.stream()
                    .flatMap(name -> KnownKeys.closest(name, valid)
                            .map(meant -> unknown.size() == 1 ? meant : meant + " for " + name).stream())
                    .collect(Collectors.joining(", "));
            throw new ConfigurationException("camera route " + routeId + " has unknown parameter(s) "
                                               + unknown + " for template " + template.getId() + ": "
                                               + (hint.isEmpty() ? "" : "did you mean " + hint + "? ") + "use "
                                               + new TreeSet<>(valid));
        }
    }

    private static Set<String> declared(RouteTemplateDefinition template) {
        return template.getTemplateParameters().stream().map(RouteTemplateParameterDefinition::getName)
                .collect(Collectors.toSet());
    }
}
