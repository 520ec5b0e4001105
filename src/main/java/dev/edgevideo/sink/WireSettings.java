package dev.edgevideo.sink;

import dev.edgevideo.settings.Settings;

/** The {@code edgevideo.wire.*} settings, bound by {@link Settings}. */
public class WireSettings {

    public static final String PREFIX = "edgevideo.wire.";

    private WireFormat format = WireFormat.NATIVE;

    /** {@code native}, this service's shapes, or {@code seed}, the original system's (docs/wire-formats.md). */
    public void setFormat(WireFormat format) {
        this.format = format;
    }

    public WireFormat getFormat() {
        return format;
    }
}
