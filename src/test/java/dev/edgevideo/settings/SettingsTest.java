package dev.edgevideo.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.apache.camel.CamelContext;
import dev.edgevideo.testing.TestSettings;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** A settings class as features write them: defaults in fields, a nested group through a getter. */
    public static class ExampleSettings {
        private int poolSize = 64;
        private double maxFps = 10;
        private boolean enabled = true;
        private String channel = "edgevideo:frames";
        private final Tls tls = new Tls();

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public void setMaxFps(double maxFps) {
            this.maxFps = maxFps;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public void setChannel(String channel) {
            this.channel = channel;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public double getMaxFps() {
            return maxFps;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public String getChannel() {
            return channel;
        }

        public Tls getTls() {
            return tls;
        }
    }

    public static class Tls {
        private boolean verifyHostname = true;

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
    }


    @Test
    void keysAreDerivedFromTheSettersAndNestedGroups() {
        assertThat(Settings.keys("edgevideo.example.", ExampleSettings.class).keySet()).containsExactly(
                "edgevideo.example.channel", "edgevideo.example.enabled", "edgevideo.example.max-fps",
                "edgevideo.example.pool-size", "edgevideo.example.tls.verify-hostname");
    }

    @Test
    void setKeysOverrideTheDefaultsAndUnsetOnesKeepThem() {
        ExampleSettings bound = TestSettings.of("edgevideo.example.pool-size", "8",
                "edgevideo.example.max-fps", " 2.5 ",
                "edgevideo.example.tls.verify-hostname", "false", "edgevideo.example.channel", "")
                .bind("edgevideo.example.", new ExampleSettings());

        assertThat(bound.poolSize).isEqualTo(8);
        assertThat(bound.maxFps).isEqualTo(2.5);
        assertThat(bound.tls.verifyHostname).isFalse();
        assertThat(bound.enabled).isTrue();
        assertThat(bound.channel).isEqualTo("edgevideo:frames");
    }

    @Test
    void describeListsEveryKeyWithItsValue() {
        ExampleSettings settings = new ExampleSettings();
        settings.setPoolSize(8);

        assertThat(Settings.describe("edgevideo.example.", settings)).isEqualTo(
                "edgevideo.example.channel=edgevideo:frames, edgevideo.example.enabled=true,"
                + " edgevideo.example.max-fps=10.0, edgevideo.example.pool-size=8,"
                + " edgevideo.example.tls.verify-hostname=true");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyTheValueTheTypeAndTheFix() {
        assertThatThrownBy(() -> TestSettings.of("edgevideo.example.pool-size", "5s").bind("edgevideo.example.",
                new ExampleSettings()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.example.pool-size = '5s' is not valid: expected a whole number; fix it in"
                            + " application.properties (or the environment variable EDGEVIDEO_EXAMPLE_POOL_SIZE)");
        assertThatThrownBy(() -> TestSettings.of("edgevideo.example.tls.verify-hostname", "yes")
                .bind("edgevideo.example.", new ExampleSettings()))
                .hasMessageStartingWith("edgevideo.example.tls.verify-hostname = 'yes' is not valid: expected true or"
                                        + " false");
        assertThatThrownBy(() -> TestSettings.of("edgevideo.example.max-fps", "fast").bind("edgevideo.example.",
                new ExampleSettings()))
                .hasMessageStartingWith("edgevideo.example.max-fps = 'fast' is not valid: expected a decimal number");
    }

    @Test
    void aRefusedValueHasTheSameFormat() {
        assertThatThrownBy(() -> Settings.require(false, "edgevideo.memory.warning-percent", 120, "0 to 100"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("edgevideo.memory.warning-percent = '120' is not valid: expected 0 to 100; fix it in"
                            + " application.properties (or the environment variable EDGEVIDEO_MEMORY_WARNING_PERCENT)");
    }
}
