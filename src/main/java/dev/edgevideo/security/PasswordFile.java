package dev.edgevideo.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.edgevideo.settings.ConfigurationException;
import dev.edgevideo.settings.Settings;

/**
 * A broker password kept in a file (a Docker or Kubernetes secret, a {@code chmod 600} file) instead of the
 * properties file or the environment, where {@code ps e} and crash dumps show it.
 */
public final class PasswordFile {

    private PasswordFile() {
    }

    /**
     * The password in force: the file's content when {@code fileKey} names one (its trailing line break dropped,
     * as {@code echo secret > file} writes one), else {@code password}.
     *
     * @param fileKey the key naming the file, for the error message
     * @param file    the file, or empty for none
     */
    public static String resolve(String password, String fileKey, String file) {
        if (file == null || file.isBlank()) {
            return password;
        }
        Path path = path(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw unreadable(fileKey, path, e, ", or empty to use " + fileKey.replaceFirst("-file$", ""));
        }
    }

    /** The file a key names, relative to the working directory. */
    static Path path(String file) {
        return Path.of(file.trim()).toAbsolutePath().normalize();
    }

    /** The error for a file that cannot be read, naming its key; {@code or} adds another way out. */
    static ConfigurationException unreadable(String key, Path file, IOException e, String or) {
        return Settings.invalid(key, file, "a file the service can read (" + e.getClass().getSimpleName() + ")" + or);
    }
}
