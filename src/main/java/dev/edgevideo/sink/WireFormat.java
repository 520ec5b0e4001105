package dev.edgevideo.sink;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The shape of what the service writes ({@code edgevideo.wire.format}): {@code native}, this service's own, or
 * {@code seed}, the original Go system's, so its consumers work unchanged (docs/wire-formats.md). Names
 * (exchanges, routing keys, key prefix, vhost segment) are keys of their own; this decides only what the names
 * cannot: timestamps, sequence padding, event fields and the frame message's AMQP properties.
 */
public enum WireFormat {

    NATIVE,
    SEED;

    /**
     * Go's {@code time.Time} in RFC 3339 with all nine fraction digits and the offset ({@code Z} in UTC, as Go
     * writes it): consumers of the original slice the string at fixed positions, so the width never varies.
     */
    private static final DateTimeFormatter RFC3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX", Locale.ROOT);

    /** Digits of the sequence number in a seed frame key, zero-padded. */
    static final int SEED_SEQ_DIGITS = 5;

    /** A capture time as the original writes it, in the host's time zone like Go's {@code time.Now()}. */
    public static String rfc3339(long epochNanos, ZoneId zone) {
        return RFC3339_NANOS.format(Instant.EPOCH.plusNanos(epochNanos).atZone(zone));
    }

    /** A frame's sequence number as it appears in its Redis key. */
    String sequence(long sequence) {
        String digits = Long.toString(sequence);
        return this == NATIVE || digits.length() >= SEED_SEQ_DIGITS ? digits
                : "0".repeat(SEED_SEQ_DIGITS - digits.length()) + digits;
    }

    /**
     * The {@code {vhost}} segment of seed keys: the AMQP vhost name without its slash, {@code default} for
     * {@code /}; none when the value is empty (native keys).
     */
    static String vhostSegment(String vhost) {
        String name = vhost.trim();
        if (name.isEmpty()) {
            return "";
        }
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        return name.isEmpty() ? "default" : name;
    }
}
