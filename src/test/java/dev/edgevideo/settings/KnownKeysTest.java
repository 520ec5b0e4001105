package dev.edgevideo.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class KnownKeysTest {

    @Test
    void theShippedFileIsTheListOfKnownKeys() {
        assertThat(KnownKeys.shipped().keys()).contains("edgevideo.redis.ttl-seconds", "camel.server.port",
                "edgevideo.memory.warning-percent", "rabbitmq.host");
    }

    @Test
    void keysWithoutDefaultAreDocumentedInTheShippedFile() throws Exception {
        String file = Files.readString(Path.of("config/application.properties"));
        assertThat(KnownKeys.WITHOUT_DEFAULT).allSatisfy(key -> assertThat(file).contains("#" + key + " = "));
        assertThat(KnownKeys.shipped().keys()).containsAll(KnownKeys.WITHOUT_DEFAULT);
    }

    @Test
    void aMisspeltKeyFindsTheKeyMeant() {
        assertThat(KnownKeys.shipped().closest("edgevideo.redis.ttl-second", "edgevideo.", UnaryOperator.identity()))
                .contains("edgevideo.redis.ttl-seconds");
        assertThat(KnownKeys.shipped().closest("edgevideo.camera.default-fsp", "edgevideo.", UnaryOperator.identity()))
                .contains("edgevideo.camera.default-fps");
    }

    @Test
    void aKeyLikeNoKnownKeyFindsNone() {
        assertThat(KnownKeys.shipped().closest("edgevideo.completely.different.thing", "edgevideo.",
                UnaryOperator.identity())).isEmpty();
    }

    @Test
    void levenshteinCountsEditsAndIsSymmetric() {
        assertThat(KnownKeys.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KnownKeys.distance("sitting", "kitten")).isEqualTo(3);
        assertThat(KnownKeys.distance("", "abc")).isEqualTo(3);
        assertThat(KnownKeys.distance("same", "same")).isZero();
    }

    @Test
    void environmentVariableIsUpperCaseWithUnderscores() {
        assertThat(KnownKeys.environmentVariable("edgevideo.redis.ttl-seconds"))
                .isEqualTo("EDGEVIDEO_REDIS_TTL_SECONDS");
    }
}
