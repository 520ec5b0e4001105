package dev.edgevideo;

import dev.edgevideo.settings.KnownKeys;
import dev.edgevideo.settings.ConfigurationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {

    private static final Set<String> KEYS = Set.of("camel.server.port", "camel.management.port", "camel.server.host",
            "edgevideo.redis.ttl-seconds");

    @Test
    void portVariablesCamelMainSkipsOverrideTheirKeys() {
        assertThat(EnvironmentOverrides.of(KEYS, Map.of("CAMEL_SERVER_PORT", "18081", "CAMEL_MANAGEMENT_PORT", "19091"),
                new Properties())).containsExactlyInAnyOrderEntriesOf(
                Map.of("camel.server.port", "18081", "camel.management.port", "19091"));
    }

    @Test
    void dashesAndDotsBothBecomeUnderscores() {
        assertThat(EnvironmentOverrides.of(KEYS, Map.of("EDGEVIDEO_REDIS_TTL_SECONDS", "60"), new Properties()))
                .containsEntry("edgevideo.redis.ttl-seconds", "60");
    }

    @Test
    void systemPropertyWinsOverTheVariable() {
        Properties system = new Properties();
        system.setProperty("camel.server.port", "18082");
        assertThat(EnvironmentOverrides.of(KEYS, Map.of("CAMEL_SERVER_PORT", "18081"), system)).isEmpty();
    }

    @Test
    void variablesOfNoKnownKeyAreIgnored() {
        assertThat(EnvironmentOverrides.of(KEYS, Map.of("PATH", "/bin", "EDGEVIDEO_HEAP", "512m"), new Properties()))
                .isEmpty();
    }

    @Test
    void aMisspeltEdgevideoVariableNamesTheClosestKnownVariable() {
        assertThatThrownBy(() -> EnvironmentOverrides.checkVariablesKnown(KnownKeys.shipped().keys(),
                Map.of("EDGEVIDEO_REDIS_TTL_SECOND", "60"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown environment variable EDGEVIDEO_REDIS_TTL_SECOND: did you mean"
                            + " EDGEVIDEO_REDIS_TTL_SECONDS (edgevideo.redis.ttl-seconds)?");
    }

    @Test
    void launcherVariablesAndOtherPrefixesAreNotKeys() {
        assertThatCode(() -> EnvironmentOverrides.checkVariablesKnown(KnownKeys.shipped().keys(),
                Map.of("EDGEVIDEO_HEAP", "512m", "EDGEVIDEO_DEBUG", "true", "CAMEL_SOMETHING_ELSE", "x",
                        "EDGEVIDEO_REDIS_TTL_SECONDS", "60"))).doesNotThrowAnyException();
    }
}
