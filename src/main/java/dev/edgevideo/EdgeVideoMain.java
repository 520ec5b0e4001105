package dev.edgevideo;

import dev.edgevideo.settings.StartupFailure;
import dev.edgevideo.settings.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.Main;
import sun.misc.Signal;

/**
 * Starts edge-video: {@code java -jar edge-video.jar [--config DIR] [--routes DIR] [--profile NAME] [--debug]}.
 * <p>
 * {@code --config} holds {@code application.properties} (default {@code ./config}); {@code --routes} holds the
 * YAML routes (default {@code ./routes}), which are reloaded when edited. {@code --profile NAME} (or
 * {@code CAMEL_MAIN_PROFILE}) adds {@code application-NAME.properties} of the configuration directory over it,
 * e.g. {@code seed} for the original system's wire format. Any other argument goes to camel-main.
 * <p>
 * A start that fails ends with one line on stderr and exit code 2 for a configuration mistake (1 otherwise); the
 * stack trace is printed only with {@code --debug} or {@code EDGEVIDEO_DEBUG=true}.
 */
public final class EdgeVideoMain {

    private EdgeVideoMain() {
    }

    public static void main(String[] args) {
        boolean debug = List.of(args).contains("--debug") || "true".equalsIgnoreCase(System.getenv("EDGEVIDEO_DEBUG"));
        int exitCode;
        try {
            exitCode = run(args);
        } catch (Exception | LinkageError e) {
            StartupFailure failure = StartupFailure.of(e);
            System.err.println("edge-video: " + failure.line());
            if (debug) {
                e.printStackTrace();
            }
            exitCode = failure.exitCode();
        }
        System.exit(exitCode);
    }

    private static int run(String[] args) throws Exception {
        Path configDir = Path.of("config");
        Path routesDir = Path.of("routes");
        String profile = null;
        List<String> camelArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configDir = Path.of(requireValue(args, ++i, "--config",
                        "a directory, e.g. ./config"));
                case "--routes" -> routesDir = Path.of(requireValue(args, ++i, "--routes",
                        "a directory, e.g. ./routes"));
                case "--profile" -> profile = requireValue(args, ++i, "--profile", "a name, e.g. seed");
                case "--debug" -> { } // read by main
                default -> camelArgs.add(args[i]);
            }
        }
        Main main = new Main(EdgeVideoMain.class);
        profile = EdgeVideoApplication.profile(profile, System.getenv(), System.getProperties());
        main.setPropertyPlaceholderLocations(EdgeVideoApplication.propertiesLocation(configDir, profile));
        EnvironmentOverrides.of(EdgeVideoApplication.propertiesFile(configDir), System.getenv(), System.getProperties())
                .forEach(main::addOverrideProperty);
        EdgeVideoApplication.configure(main.configure(), routesDir);
        stopOnSignals(main);
        return main.run(camelArgs.toArray(String[]::new));
    }

    /**
     * SIGTERM and Ctrl-C end the run like any other completion: cameras stop, in-flight frames drain for at most
     * {@code camel.main.shutdown-timeout}, the final report is logged and the process exits with 0. Left to the
     * JVM, the signals would stop Camel from a shutdown hook and exit with 143 or 130.
     */
    private static void stopOnSignals(Main main) {
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> main.completed());
        }
    }

    private static String requireValue(String[] args, int index, String option, String what) {
        if (index >= args.length) {
            throw new ConfigurationException(option + " needs " + what);
        }
        return args[index];
    }
}
