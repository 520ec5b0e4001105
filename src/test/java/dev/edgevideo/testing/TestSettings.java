package dev.edgevideo.testing;

import java.util.Properties;

import dev.edgevideo.settings.Settings;
import org.apache.camel.impl.DefaultCamelContext;

/** A {@link Settings} over a few keys and values, for the unit tests of a settings class. */
public final class TestSettings {

    private TestSettings() {
    }

    public static Settings of(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }
}
