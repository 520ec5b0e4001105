package dev.edgevideo.workarounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * Canaries for the Camel 4.17 behaviours the service works around (docs/development.md, "Camel 4.17 workarounds"): each test
 * exercises Camel directly and asserts the faulty behaviour, so it fails the day Camel is fixed and the workaround
 * can go.
 */
class CamelWorkaroundsCanaryTest {

    static final AtomicInteger BEAN_CALLS = new AtomicInteger();

    /** A configuration class camel-main instantiates itself, counting its bean method's calls. */
    public static class CountingConfiguration implements CamelConfiguration {

        @BindToRegistry("counted")
        public Object counted() {
            BEAN_CALLS.incrementAndGet();
            return new Object();
        }
    }

    /**
     * Workaround in {@code EdgeVideoApplication}: configurations are added as instances. Added as a class,
     * camel-main 4.17 post-processes the configuration twice and runs its {@code @BindToRegistry} methods twice
     * (it would open every connection factory twice).
     */
    @Test
    void camelMainRunsTheBeanMethodsOfAConfigurationClassTwice() throws Exception {
        BEAN_CALLS.set(0);
        Main main = new Main();
        main.configure().setBasePackageScanEnabled(false);
        main.configure().addConfiguration(CountingConfiguration.class);
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        try {
            main.start();
        } finally {
            main.stop();
        }
        assertThat(BEAN_CALLS.get()).as("calls of a @BindToRegistry method of a configuration class; 1 means"
                                         + " Camel is fixed: add configurations as classes again").isEqualTo(2);
    }

    /** The same configuration added as an instance is post-processed once: what the service does. */
    @Test
    void aConfigurationAddedAsAnInstanceRunsItsBeanMethodsOnce() throws Exception {
        BEAN_CALLS.set(0);
        Main main = new Main();
        main.configure().setBasePackageScanEnabled(false);
        main.configure().addConfiguration(new CountingConfiguration());
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        try {
            main.start();
        } finally {
            main.stop();
        }
        assertThat(BEAN_CALLS.get()).isEqualTo(1);
    }
}
