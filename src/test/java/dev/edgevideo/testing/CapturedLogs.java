package dev.edgevideo.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the log lines of the service (WARN and above, and INFO of edge-video's own classes; or everything from
 * DEBUG up) for assertions.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** The levels the loggers had before {@link #captureEverything()} lowered them, restored on close. */
    private final Map<LoggerConfig, Level> levels = new HashMap<>();

    /** The layout lines are written with, or null for "LEVEL logger message | throwable". */
    private final Layout<?> layout;

    private CapturedLogs(Layout<?> layout) {
        super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.layout = layout;
    }

    public static CapturedLogs capture() {
        return capture(Level.INFO, null);
    }

    /**
     * Every line at DEBUG and above, of every logger, as the service's console prints it (its layout: what an
     * operator reads), for tests that prove what is never logged.
     */
    public static CapturedLogs captureEverything() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        CapturedLogs appender = capture(Level.DEBUG, context.getConfiguration().getAppender("console").getLayout());
        Configuration configuration = context.getConfiguration();
        configuration.getLoggers().values().forEach(logger -> appender.lower(logger, Level.DEBUG));
        appender.lower(configuration.getRootLogger(), Level.DEBUG);
        context.updateLoggers();
        return appender;
    }

    private static CapturedLogs capture(Level level, Layout<?> layout) {
        CapturedLogs appender = new CapturedLogs(layout);
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().addAppender(appender, level, null);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            // An additive logger hands its events to the root's appenders too: adding it there as well would
            // capture every line twice, and tests that count lines ("said once") need each line once.
            if (!logger.isAdditive()) {
                logger.addAppender(appender, level, null);
            }
        }
        context.updateLoggers();
        return appender;
    }

    private void lower(LoggerConfig logger, Level level) {
        if (!logger.getLevel().isLessSpecificThan(level) && !levels.containsKey(logger)) {
            levels.put(logger, logger.getLevel());
            logger.setLevel(level);
        }
    }

    @Override
    public void append(LogEvent event) {
        if (layout != null) {
            lines.add(String.valueOf(layout.toSerializable(event)).stripTrailing());
            return;
        }
        String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage();
        if (event.getThrown() != null) {
            line += " | " + event.getThrown();
        }
        lines.add(line);
    }

    public List<String> lines() {
        return lines;
    }

    public boolean contains(String... fragments) {
        return lines.stream().anyMatch(line -> {
            for (String fragment : fragments) {
                if (!line.contains(fragment)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        levels.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        stop();
    }
}
