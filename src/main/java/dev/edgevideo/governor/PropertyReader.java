package dev.edgevideo.governor;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses property values for {@link MemoryGovernorConfig#fromProperties(Function)}, turning a value that does not
 * parse into a message naming the key, the value and the expected type.
 */
final class PropertyReader {

    private final Function<String, String> lookup;

    PropertyReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    Optional<Boolean> bool(String key) {
        return raw(key).map(value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            // Boolean.parseBoolean would read any typo as false and silently switch the governor off.
            if (lower.equals("true") || lower.equals("false")) {
                return Boolean.valueOf(lower);
            }
            throw invalid(key, value, "a boolean (true or false)");
        });
    }

    Optional<Long> integer(String key) {
        return raw(key).map(value -> {
            try {
                return Long.valueOf(value);
            } catch (NumberFormatException e) {
                throw invalid(key, value, "a whole number");
            }
        });
    }

    Optional<Double> number(String key) {
        return raw(key).map(value -> parseNumber(key, value));
    }

    Optional<Duration> seconds(String key) {
        return raw(key).map(value -> {
            double seconds = parseNumber(key, value);
            return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
        });
    }

    private Optional<String> raw(String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static double parseNumber(String key, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key, like a non-finite value
        }
        throw invalid(key, value, "a decimal number");
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(key + " = '" + value + "' is not valid: expected " + expected);
    }
}
