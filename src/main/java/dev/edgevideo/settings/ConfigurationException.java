package dev.edgevideo.settings;

/**
 * A configuration mistake found at start-up. Its message is the whole story for the operator, on one line: the
 * file or key, what is wrong and how to fix it; the launcher prints it alone and exits with
 * {@link StartupFailure#CONFIGURATION_EXIT_CODE}. An {@link IllegalArgumentException}, so the places that
 * already handle invalid arguments (the hot reload keeping the running cameras) treat it as one.
 */
public class ConfigurationException extends IllegalArgumentException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
