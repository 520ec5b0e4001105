package dev.edgevideo.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The configuration keys the service knows: those of the shipped {@code config/application.properties}, which
 * the build also puts on the class path, and the few documented there as comments because they have no default.
 * Every key the service reads is in that file with a comment, so the file is the list.
 */
public record KnownKeys(Set<String> keys) {

    static final String SHIPPED = "dev/edgevideo/defaults/application.properties";

    /** Commented out in the shipped file: Camel refuses an empty value, and a users file has no sensible default. */
    static final Set<String> WITHOUT_DEFAULT = Set.of("camel.server.basic-properties-file",
            "camel.management.basic-properties-file");

    /** Variables {@code bin/edge-video} reads itself (heap, JMX, debug): named like keys, but none. */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("EDGEVIDEO_DEBUG", "EDGEVIDEO_HEAP",
            "EDGEVIDEO_JMX_PORT", "EDGEVIDEO_JMX_HOST", "EDGEVIDEO_JMX_PASSWORD_FILE", "EDGEVIDEO_JMX_ACCESS_FILE");

    private static final KnownKeys SHIPPED_KEYS = load();

    public static KnownKeys shipped() {
        return SHIPPED_KEYS;
    }

    /** The environment variable of a key: upper case, dots and dashes as underscores. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The known key under {@code prefix} closest to a misspelt name, compared in the name's {@code spelling} (the key
     * itself, or {@link #environmentVariable}), if it is close enough to be the one meant.
     */
    public Optional<String> closest(String misspelt, String prefix, UnaryOperator<String> spelling) {
        return closest(misspelt, keys.stream().filter(known -> known.startsWith(prefix)).toList(), spelling);
    }

    /**
     * The name among {@code candidates} closest to a misspelt one, if it is close enough to be the one meant: the
     * "did you mean" of every name the service checks (property keys, environment variables, camera parameters).
     */
    public static Optional<String> closest(String misspelt, Collection<String> candidates) {
        return closest(misspelt, candidates, UnaryOperator.identity());
    }

    private static Optional<String> closest(String misspelt, Collection<String> candidates,
                                            UnaryOperator<String> spelling) {
        return candidates.stream()
                .min(Comparator.comparingInt((String known) -> distance(misspelt, spelling.apply(known)))
                        .thenComparing(known -> known))
                .filter(known -> distance(misspelt, spelling.apply(known)) <= Math.max(3, misspelt.length() / 3));
    }

    /** Levenshtein distance: insertions, deletions and substitutions that turn one string into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static KnownKeys load() {
        Properties properties = new Properties();
        try (InputStream in = KnownKeys.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the class path (a broken build?)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>(properties.stringPropertyNames());
        keys.addAll(WITHOUT_DEFAULT);
        return new KnownKeys(Set.copyOf(keys));
    }
}
