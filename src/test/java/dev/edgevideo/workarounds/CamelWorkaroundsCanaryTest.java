package dev.edgevideo.workarounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.ResourceHelper;
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

    /**
     * Workaround in {@code routes/RoutesYamlLoader}: Camel's own YAML loader fails a routes file without YAML,
     * where the service reads it as no routes (a cameras file whose cameras are all commented out).
     */
    @Test
    void camelsYamlLoaderFailsARoutesFileOfCommentsOnlyOrEmpty() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            YamlRoutesBuilderLoader camel = new YamlRoutesBuilderLoader();
            camel.setCamelContext(context);
            camel.start();
            assertThatThrownBy(() -> camel.loadRoutesBuilder(ResourceHelper.fromString("file:/r/cameras.camel.yaml",
                    "# every camera commented out\n"))).as("comments only; no failure means Camel is fixed")
                    .hasMessageContaining("Unable to parse resource");
            assertThatThrownBy(() -> camel.loadRoutesBuilder(ResourceHelper.fromString("file:/r/cameras.camel.yaml",
                    ""))).as("empty; no failure means Camel is fixed").hasMessageContaining("Resource is empty");
        }
    }
}
