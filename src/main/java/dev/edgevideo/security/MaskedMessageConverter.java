package dev.edgevideo.security;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.edgevideo.camera.UrlMasker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %maskedMsg} in a Log4j pattern: the message and its stack trace, if any, with camera credentials masked
 * by {@link UrlMasker}. The service's own lines are masked where they are written; this covers the lines of the
 * libraries, which print what they were given: Camel at DEBUG prints every template parameter (the camera url
 * among them), FFmpeg's log the requests it sends ({@code Authorization} header included), an exception the URL
 * it failed to open.
 */
@Plugin(name = "MaskedMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMsg"})
public final class MaskedMessageConverter extends LogEventPatternConverter {

    private MaskedMessageConverter() {
        super("MaskedMessage", "message");
    }

    /** Log4j's factory method for the converter; takes no options. */
    public static MaskedMessageConverter newInstance(String[] options) {
        return new MaskedMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        toAppendTo.append(UrlMasker.mask(event.getMessage().getFormattedMessage()));
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            toAppendTo.append(System.lineSeparator()).append(UrlMasker.mask(trace.toString().stripTrailing()));
        }
    }

    /** The stack trace is part of this converter's output, masked: Log4j must not append it again unmasked. */
    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
