package dev.edgevideo.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.edgevideo.camera.UrlMasker;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.ResolveEndpointFailedException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * What the operator reads when the service does not start: one line and an exit code, instead of Camel's
 * wrapped stack trace whose useful sentence is thirty lines down.
 *
 * @param line     the root cause in one line, credentials masked
 * @param exitCode {@link #CONFIGURATION_EXIT_CODE} for a configuration mistake, 1 for anything else
 */
public record StartupFailure(String line, int exitCode) {

    /** Exit code of a start refused because of the configuration (a file, a key or a camera entry). */
    public static final int CONFIGURATION_EXIT_CODE = 2;

    /** Translates what {@code Main.run} threw. */
    public static StartupFailure of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Optional<String> ours = chain.stream().filter(ConfigurationException.class::isInstance)
                .map(e -> String.valueOf(e.getMessage())).findFirst()
                .or(() -> chain.stream().filter(MarkedYamlEngineException.class::isInstance)
                        .map(yaml -> yaml((MarkedYamlEngineException) yaml)).findFirst());
        if (ours.isPresent()) {
            return configuration(ours.get());
        }
        Throwable root = chain.get(chain.size() - 1);
        // Camel wraps the checks of the camera endpoint, the route templates and the property binding: each of
        // those roots is an invalid value in a file, whose own message names the option and the allowed values.
        boolean configuration = chain.stream().anyMatch(cause -> cause instanceof FailedToCreateRouteException
                                                                 || cause instanceof ResolveEndpointFailedException
                                                                 || cause instanceof PropertyBindingException)
                                || root instanceof IllegalArgumentException;
        if (configuration) {
            String route = chain.stream().filter(FailedToCreateRouteException.class::isInstance)
                    .map(cause -> ((FailedToCreateRouteException) cause).getRouteId()).findFirst()
                    .map(id -> " (camera route " + id + ")").orElse("");
            return configuration(root.getMessage() + route);
        }
        return new StartupFailure(oneLine("could not start: " + root.getClass().getSimpleName() + ": "
                                          + root.getMessage()
                                          + " (run with EDGEVIDEO_DEBUG=true for the stack trace)"), 1);
    }

    /**
     * A YAML syntax error (at start-up Camel parses every routes file first; on hot reload the cameras' reload
     * does): file, line and column. Where the parser names the construct it was reading (an unclosed
     * {@code [}), that line is the one to fix, not the end of the file where it noticed.
     */
    private static String yaml(MarkedYamlEngineException e) {
        String where = e.getContextMark().or(e::getProblemMark)
                .map(mark -> "routes file " + mark.getName().replaceFirst("^file:", "") + " line "
                             + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                .orElse("a routes file");
        String problem = e.getContextMark().isPresent() && e.getContext() != null
                ? e.getContext() + ": " + e.getProblem() : e.getProblem();
        return where + ": " + problem + ": fix the YAML there (indentation, a space after ':', quotes around"
               + " values holding ': ' or ' #')";
    }

    private static StartupFailure configuration(String message) {
        return new StartupFailure(oneLine(message), CONFIGURATION_EXIT_CODE);
    }

    /** Camel's and YAML's messages span lines (a YAML mark draws the line with a caret under it): join them. */
    private static String oneLine(String message) {
        return UrlMasker.mask(String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").trim());
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
