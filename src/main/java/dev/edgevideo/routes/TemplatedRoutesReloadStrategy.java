package dev.edgevideo.routes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.edgevideo.settings.StartupFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Re-creates the templated routes (one per camera) of a YAML file when the file changes: new entries start,
 * changed entries restart with their new parameters, removed entries stop (a file without entries, comments only,
 * stops them all; a file of zero bytes is an editor's save in progress and changes nothing). Other cameras keep
 * running untouched, a file that does not parse or fails the start-up checks ({@link CameraEntriesCheck}) changes
 * nothing, and a changed entry that cannot start (an invalid option, an unknown parameter, a sink placeholder its
 * values leave unresolved) is rejected before its camera is stopped: the camera keeps running with its previous
 * settings, untouched.
 * <p>
 * Works next to Camel's {@code RouteWatcherReloadStrategy} ({@code camel.main.routes-reload-enabled}), which
 * reloads plain routes and route templates but skips {@code templatedRoute} entries.
 */
public class TemplatedRoutesReloadStrategy extends FileWatcherResourceReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(TemplatedRoutesReloadStrategy.class);

    /** Per file: route id -> fingerprint (template and parameters) of the templated routes it declared. */
    private final Map<String, Map<String, String>> knownRoutes = new ConcurrentHashMap<>();
    /** Per route id: the definition it runs with, to restore it when an edit of the camera is rejected. */
    private final Map<String, TemplatedRouteDefinition> runningDefinitions = new ConcurrentHashMap<>();

    public TemplatedRoutesReloadStrategy(Path directory) {
        super(directory.toString(), false);
        setFileFilter(file -> file.getName().endsWith(".camel.yaml"));
        setResourceReload((name, resource) -> reload(resource));
    }

    @Override
    protected void doStart() throws Exception {
        // Remember what the files declare now (Camel created those routes at start-up) to diff later edits.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(getFolder()), "*.camel.yaml")) {
            for (Path file : files) {
                Resource resource = ResourceHelper.resolveResource(getCamelContext(), "file:" + file.toAbsolutePath());
                Map<String, String> fingerprints = new LinkedHashMap<>();
                for (TemplatedRouteDefinition definition : TemplatedRoutes.read(getCamelContext(), resource)) {
                    fingerprints.put(definition.getRouteId(), fingerprint(definition));
                    runningDefinitions.put(definition.getRouteId(), definition);
                }
                knownRoutes.put(resource.getLocation(), fingerprints);
            }
        } catch (IOException e) {
            LOG.warn("Cannot list routes directory {}: {}", getFolder(), e.getMessage());
        }
        super.doStart();
    }

    // Editors save in several steps (truncate, write, rename), each an event: reload one event at a time.
    private synchronized void reload(Resource resource) {
        CamelContext context = getCamelContext();
        List<TemplatedRouteDefinition> declared;
        try {
            // Read once: the next save may truncate the file again while this runs.
            String yaml = resource.exists() ? Files.readString(Path.of(resource.getURI())) : "";
            if (yaml.isEmpty()) {
                // Zero bytes is what an editor leaves between truncating and writing: wait for the write. A file
                // with no entries (comments only, or []) is read as no cameras.
                LOG.debug("Routes file {} is empty or gone (mid-save?): keeping the running cameras",
                        resource.getLocation());
                return;
            }
            declared = TemplatedRoutes.read(context, ResourceHelper.fromString(resource.getLocation(), yaml));
        } catch (Exception e) {
            LOG.warn("Routes file {} has an error, the running cameras are kept as they are: {}",
                    resource.getLocation(), rootMessage(e));
            return;
        }
        Map<String, String> previous = knownRoutes.getOrDefault(resource.getLocation(), Map.of());
        try {
            CameraEntriesCheck.check(context, Path.of(getFolder()), this::addedOrChanged);
        } catch (Exception e) {
            LOG.error("Routes file {}: the edit is refused, the running cameras are kept as they are: {}",
                    resource.getLocation(), rootMessage(e));
            return;
        }
        Map<String, String> current = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (TemplatedRouteDefinition definition : declared) {
            String id = definition.getRouteId();
            String fingerprint = fingerprint(definition);
            current.put(id, fingerprint);
            boolean exists = context.getRoute(id) != null;
            if (exists && fingerprint.equals(previous.get(id))) {
                continue;
            }
            TemplatedRouteDefinition running = exists ? runningDefinitions.get(id) : null;
            boolean checked = running == null;
            try {
                if (running != null) {
                    // What would reject the edit is found before the camera is stopped: no restart, no gap.
                    TemplatedRoutes.check(context, definition);
                    checked = true;
                }
                if (exists) {
                    removeRoute(context, id);
                }
                model.addRouteFromTemplatedRoute(definition);
                runningDefinitions.put(id, definition);
                (exists ? changed : added).add(id);
            } catch (Exception e) {
                if (checked) {
                    removeQuietly(context, id);
                }
                if (running != null && (!checked || restore(model, running))) {
                    // The camera keeps running as it was; the next save of the file tries the edit again.
                    current.put(id, fingerprint(running));
                    LOG.error("Route {} in {}: the edit is rejected, the camera keeps running with its previous"
                              + " settings: {}", id, resource.getLocation(), rootMessage(e));
                } else {
                    current.remove(id);
                    runningDefinitions.remove(id);
                    LOG.error("Route {} in {} cannot start and is not running: {}", id, resource.getLocation(),
                            rootMessage(e));
                }
            }
        }
        List<String> removed = previous.keySet().stream().filter(id -> !current.containsKey(id)).toList();
        removed.forEach(id -> {
            removeQuietly(context, id);
            runningDefinitions.remove(id);
        });
        knownRoutes.put(resource.getLocation(), current);
        if (!added.isEmpty() || !changed.isEmpty() || !removed.isEmpty()) {
            LOG.info("Reloaded {}: started {}, restarted {}, removed {}", resource.getLocation(), added, changed,
                    removed);
        }
    }

    /** Whether an entry is not running as it is declared: new, or edited since it started. */
    private boolean addedOrChanged(TemplatedRouteDefinition entry) {
        String fingerprint = fingerprint(entry);
        return knownRoutes.values().stream().noneMatch(routes -> fingerprint.equals(routes.get(entry.getRouteId())));
    }

    private static boolean restore(Model model, TemplatedRouteDefinition running) {
        try {
            model.addRouteFromTemplatedRoute(running);
            return true;
        } catch (Exception e) {
            LOG.warn("Route {} could not be restored with its previous settings: {}", running.getRouteId(),
                    rootMessage(e));
            return false;
        }
    }

    private static String fingerprint(TemplatedRouteDefinition definition) {
        return definition.getRouteTemplateRef() + definition.getParameters().stream()
                .map(parameter -> parameter.getName() + "=" + parameter.getValue())
                .sorted()
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void removeRoute(CamelContext context, String id) throws Exception {
        context.getRouteController().stopRoute(id);
        context.removeRoute(id);
    }

    private static void removeQuietly(CamelContext context, String id) {
        try {
            if (context.getRoute(id) != null) {
                removeRoute(context, id);
            }
        } catch (Exception e) {
            LOG.warn("Route {} could not be removed: {}", id, rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        // A mistake in the file (a camera option, a parameter) reads as it does at start-up: its own line,
        // without the route dump of Camel's wrapping exceptions.
        StartupFailure failure = StartupFailure.of(e);
        if (failure.exitCode() == StartupFailure.CONFIGURATION_EXIT_CODE) {
            return failure.line();
        }
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + root.getMessage() + ")";
    }
}
