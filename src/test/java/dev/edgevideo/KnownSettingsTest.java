package dev.edgevideo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.edgevideo.settings.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownSettingsTest {

    private static final Path SHIPPED = Path.of("config", "application.properties");

    @Test
    void theShippedFileHasExactlyTheKeysOfTheSettingsClasses() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(SHIPPED)) {
            shipped.load(reader);
        }
        Set<String> shippedKeys = shipped.stringPropertyNames().stream().filter(key -> key.startsWith("edgevideo."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(shippedKeys).isEqualTo(KnownSettings.keys());
    }

    @Test
    void theDocsNameEveryKeyOfTheSettingsClasses() throws IOException {
        String docs;
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            docs = pages.filter(page -> page.toString().endsWith(".md")).map(KnownSettingsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        assertThat(KnownSettings.keys()).allSatisfy(key -> assertThat(docs).contains("`" + key + "`"));
    }

    @Test
    void anUnknownKeyNamesTheClosestKnownOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"), "edgevideo.cluster.enabeld = true\n");
        assertThatThrownBy(() -> KnownSettings.checkKeysKnown(file)).isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown key edgevideo.cluster.enabeld in " + file + ": did you mean"
                            + " edgevideo.cluster.enabled?");
    }

    private static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
