package dev.edgevideo;

import dev.edgevideo.settings.ConfigurationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ProfileTest {

    private static final Path CONFIG = Path.of("config");

    @Test
    void theArgumentWinsOverTheSystemPropertyWhichWinsOverTheVariable() {
        Properties system = new Properties();
        Map<String, String> environment = Map.of("CAMEL_MAIN_PROFILE", "from-env");
        assertThat(EdgeVideoApplication.profile(null, environment, system)).isEqualTo("from-env");
        system.setProperty("camel.main.profile", "from-property");
        assertThat(EdgeVideoApplication.profile(null, environment, system)).isEqualTo("from-property");
        assertThat(EdgeVideoApplication.profile("seed", environment, system)).isEqualTo("seed");
        assertThat(EdgeVideoApplication.profile(null, Map.of(), new Properties())).isNull();
    }

    @Test
    void theProfilesFileComesFirstSoItsKeysWin() {
        String locations = EdgeVideoApplication.propertiesLocation(CONFIG, "seed");
        assertThat(locations.split(",")).hasSize(2);
        assertThat(locations.split(",")[0]).endsWith("/config/application-seed.properties");
        assertThat(locations.split(",")[1]).endsWith("/config/application.properties");
        assertThat(EdgeVideoApplication.propertiesLocation(CONFIG, null))
                .isEqualTo(EdgeVideoApplication.propertiesLocation(CONFIG));
    }

    @Test
    void aProfileWithoutItsFileStopsTheStartNamingTheFile() {
        assertThatThrownBy(() -> EdgeVideoApplication.propertiesLocation(CONFIG, "nosuch"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("application-nosuch.properties");
    }

    @Test
    void everyKeyOfTheSeedProfileIsAKnownKey() throws Exception {
        KnownSettings.checkKeysKnown(CONFIG.resolve("application-seed.properties"));
    }
}
